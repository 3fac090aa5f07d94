/* Names of the interval methods: the one table every surface (CLI,
   bindings, SQL extensions) can rely on. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

#include <stddef.h>

/* Spellings accepted by nps_method_parse(), compared without regard to
   ASCII case. The first spelling of each method is the documented one
   (nps_method_name()); the others are those some 1.0 surface accepted:
   "adjusted-wald", "aw" and "tango" in the nps tool. */
static const struct {
    const char *name;
    nps_method method;
} method_names[] = {
    {"wald", NPS_METHOD_WALD},
    {"adjusted_wald", NPS_METHOD_ADJUSTED_WALD},
    {"score", NPS_METHOD_SCORE},
    {"adjusted-wald", NPS_METHOD_ADJUSTED_WALD},
    {"aw", NPS_METHOD_ADJUSTED_WALD},
    {"tango", NPS_METHOD_SCORE},
};

const char *nps_method_name(nps_method m)
{
    switch (m) {
    case NPS_METHOD_WALD: return "wald";
    case NPS_METHOD_ADJUSTED_WALD: return "adjusted_wald";
    case NPS_METHOD_SCORE: return "score";
    }
    return "unknown";
}

/* ASCII lower case, whatever the C locale says (a Turkish locale must not
   change what "WALD" means). */
static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != *b)
            return 0;
    return *a == *b;
}

nps_status nps_method_parse(const char *name, nps_method *out)
{
    size_t i;
    if (!name || !out)
        return NPS_E_INVALID;
    for (i = 0; i < sizeof method_names / sizeof method_names[0]; i++) {
        if (same_name(name, method_names[i].name)) {
            *out = method_names[i].method;
            return NPS_OK;
        }
    }
    return NPS_E_INVALID;
}
