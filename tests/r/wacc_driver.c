/* Prints the weighted NPS, its Taylor standard error and Kish's effective
   sample size of the answers in a file of "score weight" lines, for the R
   cross-check (wacc_check.R). Usage: wacc_driver FILE
   SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "nps.h"

int main(int argc, char **argv)
{
    FILE *f;
    nps_wacc *w = NULL;
    int score;
    double weight, se, neff;
    if (argc != 2 || !(f = fopen(argv[1], "r")))
        return 2;
    if (nps_wacc_new(&w, NULL) != NPS_OK)
        return 2;
    while (fscanf(f, "%d %lf", &score, &weight) == 2)
        if (nps_wacc_add(w, score, weight) != NPS_OK)
            return 3;
    fclose(f);
    if (nps_wacc_stderr(w, &se) != NPS_OK ||
        nps_wacc_effective_n(w, &neff) != NPS_OK)
        return 4;
    printf("%.17g %.17g %.17g\n", nps_wacc_score(w), se, neff);
    nps_wacc_free(w);
    return 0;
}
