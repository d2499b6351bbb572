# Guards: item-kNN (cosine, shrink 0) on a tiny log: every user of the
# history in order of first appearance, seen items excluded, reasons naming
# the history item behind each score, popular items filling short lists,
# a user whose only event has no item (u6) getting popular items.
ec-train -q -m itemknn --shrink 0 -o "$EC_TMP/knn.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 3 data/events.csv
echo "-- include seen"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --include-seen data/events.csv | head -n 1
