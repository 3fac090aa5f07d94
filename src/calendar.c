/* Calendar and bucket geometry: floor division, civil dates, bucket index
   <-> start and the limits of a geometry, in one place for the timeline
   and the codec. See docs/timeline.md ("Alignment", "Extreme timestamps").
   SPDX-License-Identifier: MIT */
#include "calendar.h"

int64_t nps__floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) < 0)
        q--;
    return q;
}

int64_t nps__floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

int nps__mul_ok(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t p;
    if (__builtin_mul_overflow(a, b, &p))
        return 0;
    *out = p;
    return 1;
#else
    if (a != 0 && b != 0) {
        if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
                  : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
            return 0;
    }
    *out = a * b;
    return 1;
#endif
}

int nps__add_ok(int64_t a, int64_t b, int64_t *out)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return 0;
    *out = a + b;
    return 1;
}

/* ---- proleptic Gregorian calendar (days since 1970-01-01) -------------- */

/* Years beyond this distance from 1970 have no int64 second inside them;
   bounding them keeps the day arithmetic below far from overflow. */
#define YEAR_SPAN INT64_C(300000000000)

int64_t nps__days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = nps__floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void nps__civil_from_days(int64_t z, int64_t *y, int64_t *m)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = nps__floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* ---- geometry ----------------------------------------------------------- */

int nps__geom_init(nps__geom *g, nps_unit unit, int64_t width, int64_t offset)
{
    if (unit == NPS_UNIT_SECOND) {
        if (width < 1)
            return 0;
    } else if (unit == NPS_UNIT_MONTH) {
        if (width < 1 || width > NPS__MAX_MONTHS)
            return 0;
    } else {
        return 0;
    }
    if (offset < -NPS__MAX_OFFSET || offset > NPS__MAX_OFFSET)
        return 0;
    g->unit = unit;
    g->width = width;
    g->offset = offset;
    g->rem = unit == NPS_UNIT_SECOND ? nps__floor_mod(offset, width) : 0;
    return 1;
}

int nps__geom_init_origin(nps__geom *g, int64_t width, int64_t origin)
{
    int64_t r;
    if (width < 1)
        return 0;
    if (origin >= -NPS__MAX_OFFSET && origin <= NPS__MAX_OFFSET)
        return nps__geom_init(g, NPS_UNIT_SECOND, width, -origin);
    /* floor_mod(-origin, width) without negating INT64_MIN. */
    r = nps__floor_mod(origin, width);
    g->unit = NPS_UNIT_SECOND;
    g->width = width;
    g->offset = r == 0 ? 0 : width - r;
    g->rem = g->offset;
    return 1;
}

int nps__geom_is_1_0(const nps__geom *g)
{
    return g->offset >= -NPS__MAX_OFFSET && g->offset <= NPS__MAX_OFFSET;
}

/* Days since the epoch of local time t + off, without forming the
   possibly unrepresentable sum. */
static int64_t local_day(int64_t t, int64_t off)
{
    int64_t q = nps__floor_div(t, NPS__DAY) + nps__floor_div(off, NPS__DAY);
    return q + (nps__floor_mod(t, NPS__DAY) >=
                NPS__DAY - nps__floor_mod(off, NPS__DAY));
}

int64_t nps__geom_index(const nps__geom *g, int64_t t)
{
    if (g->unit == NPS_UNIT_SECOND) {
        int64_t w = g->width;
        int64_t q = t / w, r = t % w;
        if (r < 0) {
            q--;
            r += w;
        }
        /* r + rem >= w, written so that nothing overflows; q + 1 cannot
           overflow because w == 1 implies rem == 0. */
        return q + (r >= w - g->rem);
    } else {
        int64_t y, m;
        nps__civil_from_days(local_day(t, g->offset), &y, &m);
        return nps__floor_div((y - 1970) * 12 + (m - 1), g->width);
    }
}

int nps__geom_start(const nps__geom *g, int64_t i, int64_t *out)
{
    if (g->unit == NPS_UNIT_SECOND) {
        /* start = i * w - rem, in an order that never overflows an
           intermediate when the result fits. */
        int64_t w = g->width, r = g->rem, p;
        if (i > 0) {
            if (!nps__mul_ok(i - 1, w, &p))
                return 0;
            return nps__add_ok(p, w - r, out);
        }
        if (!nps__mul_ok(i, w, &p))
            return 0;
        return nps__add_ok(p, -r, out);
    } else {
        int64_t months, y, m, days, secs;
        /* Month indices come from int64 times (|months| < 3.6e12) or lie
           within a ring of one, so neither guard can fail (marked for
           gcovr); they keep days_from_civil far from overflow. */
        if (!nps__mul_ok(i, g->width, &months)) /* GCOVR_EXCL_BR_LINE */
            return 0;                            /* GCOVR_EXCL_LINE */
        y = nps__floor_div(months, 12);
        /* floor_mod, not months - 12 * y: 12 * y leaves int64 when months
           is within 11 of INT64_MIN. */
        m = nps__floor_mod(months, 12) + 1;
        if (y > YEAR_SPAN || y < -YEAR_SPAN) /* GCOVR_EXCL_BR_LINE */
            return 0;                         /* GCOVR_EXCL_LINE */
        days = nps__days_from_civil(y + 1970, m, 1);
        if (!nps__mul_ok(days, NPS__DAY, &secs))
            return 0;
        return nps__add_ok(secs, -g->offset, out);
    }
}

void nps__geom_index_range(const nps__geom *g, int64_t *lo, int64_t *hi)
{
    *lo = nps__geom_index(g, INT64_MIN);
    *hi = nps__geom_index(g, INT64_MAX);
}

int nps__geom_same(const nps__geom *a, const nps__geom *b)
{
    return a->unit == b->unit && a->width == b->width &&
           a->offset == b->offset;
}
