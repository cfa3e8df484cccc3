#!/usr/bin/python3
"""Writes examples/series/co2-weekly.csv: weekly atmospheric CO2 at Mauna Loa, March 1958 - December 2001
(2,284 weeks, ppm), from the `co2` data set of statsmodels (Debian's python3-statsmodels), which documents it
as public domain (Scripps Institution of Oceanography / NOAA; statsmodels.datasets.co2.COPYRIGHT). The 59
missing weeks are filled by linear interpolation between their neighbours, marked in no column (the
forecasting benchmark, scripts/forecast-quality.mjs, reads a complete series).

usage: /usr/bin/python3 scripts/make-co2-csv.py [out.csv]
"""
import sys

import statsmodels.api as sm

out = sys.argv[1] if len(sys.argv) > 1 else "examples/series/co2-weekly.csv"
data = sm.datasets.co2.load_pandas().data["co2"].interpolate(method="linear")
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("date,co2\n")
    for day, value in data.items():
        f.write(f"{day.strftime('%Y-%m-%d')},{value:.2f}\n")
print(out, len(data), "weeks")
