# R cross-check of the inference layer: random inputs, the C driver, and R.
# Usage: Rscript inference_check.R DRIVER
# Exit 77 (skipped) when metafor is missing; 1 on any mismatch.
args <- commandArgs(trailingOnly = TRUE)
driver <- args[1]
if (!requireNamespace("metafor", quietly = TRUE)) {
  cat("SKIP: R package metafor is not installed\n")
  quit(status = 77)
}
set.seed(20261130)
tol <- 1e-9
fails <- 0
checks <- 0
close <- function(what, ours, ref, tol_abs = 0) {
  ok <- length(ours) == length(ref) &&
    all(abs(ours - ref) <= tol * pmax(abs(ref), 1e-300) + tol_abs)
  checks <<- checks + 1
  if (!ok) {
    fails <<- fails + 1
    cat(sprintf("MISMATCH %s: ours %s, R %s\n", what,
                paste(format(ours, digits = 17), collapse = " "),
                paste(format(ref, digits = 17), collapse = " ")))
  }
}
# One driver run for many data sets: a list of numeric vectors by id.
run <- function(mode, lines) {
  out <- system2(driver, mode, input = lines, stdout = TRUE)
  rows <- lapply(strsplit(out, " +"), as.numeric)
  setNames(lapply(rows, `[`, -1), sapply(rows, `[`, 1))
}
# Same definition as the library: raw NPS, variance with pseudo-answers.
yv <- function(d, p, r) {
  n <- d + p + r
  m <- n + 3
  ar <- (r + .75) / m; ad <- (d + .75) / m
  list(y = 100 * (r - d) / n, v = 1e4 * ((ar + ad) - (ar - ad)^2) / n)
}

# ---- trend: DerSimonian-Laird + Knapp-Hartung ---------------------------
sets <- list()
lines <- character()
for (rep in 1:150) {
  k <- sample(3:30, 1)
  n <- sample(c(1:5, 20:2000), k, replace = TRUE)
  tau <- sample(c(0, 2, 5, 15), 1)
  mu <- pmin(0.95, pmax(-0.95, rnorm(1, 0.2, 0.2) + rnorm(k, 0, tau / 100) +
                               sample(c(0, 0.01), 1) * (1:k)))
  pr <- (1 + mu) / 2 * 0.7; pd <- pmax(pr - mu * 0.7, 0.01)
  cnt <- t(sapply(seq_len(k), function(i) {
    pp <- pmax(c(pd[i], 1 - pr[i] - pd[i], pr[i]), 0.001)
    as.vector(rmultinom(1, n[i], pp))
  }))
  x <- as.numeric(if (rep %% 3 == 0) cumsum(runif(k, 0.5, 2)) else 0:(k - 1))
  sets[[rep]] <- list(cnt = cnt, x = x, n = n, k = k)
  lines <- c(lines, sprintf("%d %.17g %d %d %d", rep, x, cnt[, 1], cnt[, 2], cnt[, 3]))
}
re <- run("trend re", lines)
ans <- run("trend answers", lines)
for (rep in seq_along(sets)) {
  s <- sets[[rep]]; cnt <- s$cnt; x <- s$x; k <- s$k
  e <- yv(cnt[, 1], cnt[, 2], cnt[, 3])
  fk <- metafor::rma(e$y, e$v, mods = ~x, method = "DL", test = "knha")
  fe <- metafor::rma(e$y, e$v, mods = ~x, method = "FE")
  o <- re[[as.character(rep)]]
  close(sprintf("trend re #%d slope", rep), o[1], fk$b[2], 1e-9)
  close(sprintf("trend re #%d se", rep), o[2], fk$se[2])
  close(sprintf("trend re #%d p", rep), o[3], fk$pval[2])
  close(sprintf("trend re #%d df", rep), o[4], k - 2)
  close(sprintf("trend re #%d tau", rep), o[5], sqrt(fk$tau2), 1e-9)
  close(sprintf("trend re #%d Q", rep), o[6], fe$QE)
  close(sprintf("trend re #%d Q p", rep), o[7], fe$QEp)
  # The answer-level OLS: lm on the expanded answers.
  if (sum(s$n) < 20000) {
    yy <- unlist(lapply(seq_len(k), function(i)
      c(rep(-100, cnt[i, 1]), rep(0, cnt[i, 2]), rep(100, cnt[i, 3]))))
    co <- summary(lm(yy ~ rep(x, s$n)))$coefficients
    oa <- ans[[as.character(rep)]]
    close(sprintf("trend answers #%d slope", rep), oa[1], co[2, 1], 1e-9)
    close(sprintf("trend answers #%d se", rep), oa[2], co[2, 2])
    close(sprintf("trend answers #%d p", rep), oa[3], co[2, 4], 1e-300)
  }
}

# ---- omnibus heterogeneity: Wald chi^2 = FE Q of an intercept-only model --
sets <- list()
lines <- character()
for (rep in 1:100) {
  k <- sample(2:40, 1)
  n <- sample(c(1:3, 10:3000), k, replace = TRUE)
  cnt <- t(sapply(n, function(m) as.vector(rmultinom(1, m, c(.2, .3, .5)))))
  sets[[rep]] <- cnt
  lines <- c(lines, sprintf("%d %d %d %d", rep, cnt[, 1], cnt[, 2], cnt[, 3]))
}
om <- run("omnibus", lines)
for (rep in seq_along(sets)) {
  cnt <- sets[[rep]]
  e <- yv(cnt[, 1], cnt[, 2], cnt[, 3])
  fe <- metafor::rma(e$y, e$v, method = "FE")
  o <- om[[as.character(rep)]]
  close(sprintf("omnibus #%d Q", rep), o[1], fe$QE)
  close(sprintf("omnibus #%d df", rep), o[2], nrow(cnt) - 1)
  close(sprintf("omnibus #%d p", rep), o[3], fe$QEp)
}

# ---- adjusted p-values against p.adjust ----------------------------------
sets <- list()
lines <- character()
for (rep in 1:200) {
  m <- sample(1:300, 1)
  p <- switch(rep %% 4 + 1, runif(m), runif(m)^4, round(runif(m), 2),
              c(runif(m - 1), 1))
  sets[[rep]] <- p
  lines <- c(lines, sprintf("%d %.17g", rep, p))
}
for (meth in c("holm", "BH")) {
  out <- run(paste("adjust", tolower(meth)), lines)
  for (rep in seq_along(sets))
    close(sprintf("p.adjust %s #%d", meth, rep), out[[as.character(rep)]],
          p.adjust(sets[[rep]], meth))
}
cat(sprintf("%d passed, %d failed\n", checks - fails, fails))
quit(status = if (fails == 0) 0 else 1)
