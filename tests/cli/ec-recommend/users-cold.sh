# Guards: --users order, cold start with its reason, ALS fold-in of a
# training user.
ec-train -q -m itemknn -o "$EC_TMP/knn.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 2 --users data/users.csv data/events.csv
ec-train -q -m als --factors 4 --iters 5 -o "$EC_TMP/als.ecm" data/events.csv
ec-recommend -q -m "$EC_TMP/als.ecm" -k 2 --users data/users.csv data/events.csv | sed 's/"score":[^,]*,//g'
echo "-- users from JSONL (columns known after the first record)"
ec-recommend -q -m "$EC_TMP/knn.ecm" -k 1 --users data/users.jsonl data/events.csv
