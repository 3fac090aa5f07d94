/* Version queries. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

unsigned nps_version_number(void) { return NPS_VERSION_NUMBER; }

const char *nps_version_string(void) { return NPS_VERSION_STRING; }
