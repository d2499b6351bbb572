# A small simulation: 3 markets of 4 days; every number is deterministic.
ec-price simulate --policy static,daily,greedy,ts,ts-lp,oracle-daily,oracle --periods 96 --seeds 3
ec-price simulate --policy static,oracle --periods 48 --seeds 2 --per-seed
# markets from ec-synth's planted elasticities and from a fit
ec-price simulate --truth ../../../sample-data/shop/truth.json --policy static,ts-lp,oracle --periods 48 --seeds 2 | cut -d, -f1,7,14,15
ec-price fit -q --max-errors 10 -o "$EC_TMP/fit.csv" data/prices.csv 2>/dev/null
ec-price simulate --fit "$EC_TMP/fit.csv" --policy static,oracle --periods 48 --seeds 4 | cut -d, -f1,7,14,15
