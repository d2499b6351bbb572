# tests/bench/arima_r.R: the R side of tests/bench/arima.sh. For every
# `step`-th series of an M4-layout CSV (id, v1, v2, ...; ragged rows), fit
# forecast::auto.arima (season 24) and forecast(mstl(msts(y, c(24, 168))),
# method = "arima"), and write one CSV line per series and method: id,
# method, model string, AICc (auto.arima only), seconds, then the h point
# forecasts.
#   Rscript arima_r.R TRAIN.csv H STEP OUT.csv
suppressMessages(library(forecast))
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
h <- as.integer(args[2])
step <- as.integer(args[3])
out <- file(args[4], "w")
for (i in seq(1, nrow(d), by = step)) {
	y <- as.numeric(d[i, -1])
	y <- y[!is.na(y)]
	t0 <- Sys.time()
	f <- auto.arima(ts(y, frequency = 24))
	fc <- forecast(f, h = h)$mean
	t1 <- Sys.time()
	cat(d[i, 1], "auto.arima", forecast:::arima.string(f, padding = FALSE),
	    sprintf("%.6f", f$aicc), sprintf("%.3f", as.numeric(t1 - t0, units = "secs")),
	    sprintf("%.6f", fc), sep = ",", file = out)
	cat("\n", file = out)
	t0 <- Sys.time()
	m <- mstl(msts(y, seasonal.periods = c(24, 168)))
	fm <- forecast(m, method = "arima", h = h)
	t1 <- Sys.time()
	cat(d[i, 1], "mstl", paste0("MSTL+", forecast:::arima.string(fm$model, padding = FALSE)),
	    "", sprintf("%.3f", as.numeric(t1 - t0, units = "secs")),
	    sprintf("%.6f", fm$mean), sep = ",", file = out)
	cat("\n", file = out)
	flush(out)
}
close(out)
