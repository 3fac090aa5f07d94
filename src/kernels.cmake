# SIMD counting kernels: each file gets its own instruction-set flags; the
# rest of the library stays baseline so it loads on any CPU of the target
# architecture. NPS_SCALAR_ONLY (set in this directory's CMakeLists.txt)
# leaves them out and defines NPS_SCALAR_ONLY=1, which makes the dispatcher
# use the scalar reference.
if(NOT NPS_SCALAR_ONLY
   AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x86|i[3-6]86)$"
   AND CMAKE_C_COMPILER_ID MATCHES "^(GNU|Clang|AppleClang)$")
  set(_nps_kdir ${CMAKE_CURRENT_SOURCE_DIR})
  foreach(_objs nps_objects nps_static_objects)
    target_sources(${_objs} PRIVATE
      ${_nps_kdir}/kernel_sse2.c ${_nps_kdir}/kernel_avx2.c ${_nps_kdir}/kernel_avx512.c)
    target_compile_definitions(${_objs} PRIVATE NPS_HAVE_X86_KERNELS=1)
  endforeach()
  set_source_files_properties(${_nps_kdir}/kernel_sse2.c
    PROPERTIES COMPILE_OPTIONS "-msse2")
  set_source_files_properties(${_nps_kdir}/kernel_avx2.c
    PROPERTIES COMPILE_OPTIONS "-mavx2")
  set_source_files_properties(${_nps_kdir}/kernel_avx512.c
    PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mpopcnt")
endif()
