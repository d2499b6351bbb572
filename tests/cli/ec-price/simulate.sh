# A small simulation: 3 markets of 4 days; every number is deterministic.
ec-price simulate --policy static,daily,greedy,ts,ts-lp,oracle-daily,oracle --periods 96 --seeds 3
ec-price simulate --policy static,oracle --periods 48 --seeds 2 --per-seed
