/* Compiled as C89 and C++ with -pedantic -Werror: the public header must be
   clean in both, self-contained, and usable twice (include guard). */
#include "nps.h"
#include "nps.h"

#if NPS_VERSION_NUMBER != NPS_VERSION_MAJOR * 10000 + NPS_VERSION_MINOR * 100 + NPS_VERSION_PATCH
#error "NPS_VERSION_NUMBER disagrees with its parts"
#endif

int header_test_uses_everything(void);
int header_test_uses_everything(void)
{
    nps_scale s = {1, 10, 7, 9};
    nps_category c = NPS_PROMOTER;
    nps_status st = NPS_E_TOO_NEW;
    nps_method m = NPS_METHOD_ADJUSTED_WALD;
    nps_unit u = NPS_UNIT_MONTH;
    nps_acc *acc = 0;
    nps_timeline *tl = 0;
    nps_allocator a;
    const char *v = NPS_VERSION_STRING;
    a.alloc = 0;
    a.free = 0;
    a.ctx = 0;
    (void)s; (void)c; (void)st; (void)m; (void)u; (void)acc; (void)tl; (void)v;
    return (int)sizeof(a);
}
