/* Status texts. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

const char *nps_strerror(nps_status s)
{
    switch (s) {
    case NPS_OK: return "success";
    case NPS_E_INVALID: return "invalid argument";
    case NPS_E_RANGE: return "score outside the scale";
    case NPS_E_NOMEM: return "out of memory";
    case NPS_E_OVERFLOW: return "count out of range (overflow or underflow)";
    case NPS_E_MISMATCH: return "different scales or bucket geometry";
    case NPS_E_TOO_OLD: return "timestamp before the retained window";
    case NPS_E_FORMAT: return "malformed, truncated or corrupted bytes";
    case NPS_E_VERSION: return "bytes from a newer format version";
    case NPS_E_BUFSIZE: return "output buffer too small";
    case NPS_E_EMPTY: return "statistic undefined for this data";
    case NPS_E_TOO_NEW: return "timestamp beyond the horizon guard";
    }
    return "unknown status";
}
