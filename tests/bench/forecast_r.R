# tests/bench/forecast_r.R: R's forecast package on wide M4-layout series,
# writing ec's Forecast contract so that ec-eval forecast scores both sides.
#   Rscript forecast_r.R TRAIN.csv H M METHOD OUT.csv [NSERIES]
# METHOD: ets (forecast::ets, defaults), theta (forecast::thetaf),
# arima (forecast::auto.arima, defaults). Prints the seconds spent in the
# method calls (not reading or writing) on stdout.
suppressMessages(library(forecast))
a <- commandArgs(trailingOnly = TRUE)
h <- as.integer(a[2]); m <- as.integer(a[3]); method <- a[4]
d <- read.csv(a[1], header = TRUE, stringsAsFactors = FALSE, na.strings = c("", "NA"))
if (length(a) >= 6) d <- d[seq_len(min(nrow(d), as.integer(a[6]))), ]
rows <- vector("list", nrow(d))
spent <- 0
for (i in seq_len(nrow(d))) {
  v <- as.numeric(d[i, -1]); v <- v[!is.na(v)]
  x <- ts(v, frequency = m)
  t0 <- proc.time()[["elapsed"]]
  f <- switch(method,
    ets = forecast(ets(x), h = h, level = c(80, 95)),
    theta = thetaf(x, h = h, level = c(80, 95)),
    arima = forecast(auto.arima(x), h = h, level = c(80, 95)))
  spent <- spent + proc.time()[["elapsed"]] - t0
  rows[[i]] <- data.frame(series = d[i, 1], ts = "", step = seq_len(h),
    point = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
    lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]), model = method)
}
write.csv(do.call(rbind, rows), a[5], row.names = FALSE, quote = FALSE)
cat(sprintf("%.2f\n", spent))
