/* A downstream program: built against an installed libnps only. */
#include <nps.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    static const uint8_t scores[] = {10, 9, 9, 8, 7, 6, 3, 10, 9, 0};
    nps_acc *acc = NULL;
    double score;
    if (nps_version_number() / 10000 != NPS_VERSION_MAJOR ||
        strcmp(nps_version_string(), NPS_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", NPS_VERSION_STRING,
                nps_version_string());
        return 1;
    }
    if (nps_acc_new(&acc, NULL) != NPS_OK ||
        nps_acc_add_scores(acc, scores, sizeof scores, NULL) != NPS_OK)
        return 1;
    score = nps_acc_score(acc);
    nps_acc_free(acc);
    /* 5 promoters, 3 detractors of 10: NPS 20. */
    if (score != 20.0) {
        fprintf(stderr, "NPS %g, expected 20\n", score);
        return 1;
    }
    printf("downstream ok: NPS %.0f with libnps %s\n", score, nps_version_string());
    return 0;
}
