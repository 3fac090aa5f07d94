/* Placeholder until its layer lands. SPDX-License-Identifier: MIT */
#include "nps_internal.h"
