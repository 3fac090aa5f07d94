# Cross-check of the weighted accumulator against R's survey package:
# svymean(~x, svydesign(ids = ~1, weights = ~w)) with x = +100/0/-100 gives
# the weighted NPS and its Taylor-linearisation standard error; Kish's
# effective n is sum(w)^2 / sum(w^2). Each data set is written to a file,
# read by the C driver (tests/r/wacc_driver.c), and the three numbers must
# agree to 1e-9 relative (absolute near zero).
# Usage: Rscript wacc_check.R DRIVER
args <- commandArgs(trailingOnly = TRUE)
driver <- args[1]
if (!requireNamespace("survey", quietly = TRUE)) {
  cat("SKIP: the R package 'survey' is not installed (Debian: r-cran-survey)\n")
  quit(status = 77)
}
suppressMessages(library(survey))

value <- function(s) ifelse(s >= 9, 100, ifelse(s >= 7, 0, -100))

check <- function(name, score, w) {
  d <- data.frame(x = value(score), w = w)
  m <- svymean(~x, svydesign(ids = ~1, weights = ~w, data = d))
  ref <- c(coef(m)[[1]], SE(m)[[1]], sum(w)^2 / sum(w^2))
  f <- tempfile()
  write.table(data.frame(score, sprintf("%.17g", w)), f, row.names = FALSE,
              col.names = FALSE, quote = FALSE)
  out <- system2(driver, f, stdout = TRUE)
  unlink(f)
  got <- as.numeric(strsplit(out, " ")[[1]])
  err <- abs(got - ref) / pmax(abs(ref), 1)
  ok <- length(got) == 3 && all(err <= 1e-9)
  cat(sprintf("%-28s n=%-6d NPS %12.6f SE %10.6f n_eff %12.4f  max rel err %.1e %s\n",
              name, length(score), ref[1], ref[2], ref[3], max(err),
              if (ok) "ok" else "FAIL"))
  ok
}

set.seed(20261130)
results <- c(
  check("hand-worked", c(10, 9, 7, 3), c(2, 1, 1, 4)),
  check("two answers", c(10, 0), c(1, 3)),
  check("no passives", c(0, 9, 10, 10, 5), c(0.5, 2, 1.5, 3, 1)),
  check("no detractors", c(7, 8, 9, 10), c(1, 2, 3, 4)),
  check("unit weights", sample(0:10, 500, TRUE), rep(1, 500)),
  check("random lognormal 1000", sample(0:10, 1000, TRUE), rlnorm(1000)),
  check("random uniform 5000", sample(0:10, 5000, TRUE), runif(5000, 0.2, 5)),
  check("revenue pareto 2000", sample(0:10, 2000, TRUE,
                                      prob = c(rep(1, 7), 2, 2, 3, 3)),
        1000 / runif(2000)^(1 / 1.2)),
  check("weights 1e-6 .. 1e9", sample(0:10, 300, TRUE), 10^runif(300, -6, 9)),
  check("raking-like 3 strata", rep(c(10, 3, 8), 400),
        rep(c(0.7, 1.9, 1.1), 400) * runif(1200, 0.9, 1.1))
)
if (!all(results)) quit(status = 1)
cat(sprintf("all %d data sets agree with survey::svymean to 1e-9\n", length(results)))
