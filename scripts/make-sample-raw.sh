#!/bin/sh
# make-sample-raw.sh: write sample-data/raw/, the raw logs of a small
# made-up shop in the layouts real sources use, so that the demo starts
# where a user starts: from files with foreign column names, time formats,
# compressions and archives, a few bad records among them.
#
#   clicks-shop-a.tar.gz   daily CSV files, naive Asia/Shanghai times, pv/cart/fav/buy
#   orders-shop-b.jsonl.zst  JSONL orders, epoch-millisecond times, one cancellation
#   reviews.csv.gz         reviews in Chinese and English; free text in `comment`
#   searches.tsv           search queries, ISO times with offset
#
# Deterministic (awk's srand with a fixed seed); run from the top directory:
# `make sample-data`. The files are committed, so users need not run it.
set -e
out=sample-data/raw
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/clicks"

for day in 01 02 03; do
	awk -v day="$day" 'BEGIN {
		srand(100 + day)
		split("pv pv pv pv pv pv pv cart fav buy", ev, " ")
		print "event_time,user_id,product_id,event_type,price,session_id"
		for (i = 0; i < 700; i++) {
			u = 1000 + int(rand() * rand() * 120)
			it = 500 + int(rand() * rand() * 200)
			h = int(rand() * 24); m = int(rand() * 60); s = int(rand() * 60)
			e = ev[1 + int(rand() * 10)]
			printf "2024-03-%s %02d:%02d:%02d,u%d,sku%d,%s,%.2f,s%d-%s\n", day, h, m, s,
			       u, it, e, 9.9 + (it % 37) * 3.5, u, day
		}
		# what real logs contain: a missing user, an impossible date
		if (day == "02") {
			print "2024-03-02 10:00:00,,sku501,pv,13.40,s0-02"
			print "2024-02-30 11:00:00,u1001,sku502,pv,16.90,s1001-02"
		}
	}' > "$tmp/clicks/2024-03-$day.csv"
done
(cd "$tmp" && tar -cf - --owner=0 --group=0 --mtime=2024-03-04 \
	clicks/2024-03-01.csv clicks/2024-03-02.csv clicks/2024-03-03.csv) | gzip -n -9 > "$out/clicks-shop-a.tar.gz"

awk 'BEGIN {
	srand(7)
	t = 1709251200000
	for (i = 0; i < 400; i++) {
		t += int(rand() * 600000)
		o = 90000 + int(i / 2)
		q = 1 + int(rand() * 3)
		printf "{\"orderId\":\"%d\",\"customerId\":\"u%d\",\"sku\":\"sku%d\",\"quantity\":%d,\"unitPrice\":%.2f,\"createdAt\":%.0f}\n",
		       o, 1000 + int(rand() * rand() * 120), 500 + int(rand() * rand() * 200), q,
		       9.9 + int(rand() * 37) * 3.5, t
	}
	printf "{\"orderId\":\"90010\",\"customerId\":\"u1003\",\"sku\":\"sku512\",\"quantity\":-1,\"unitPrice\":51.90,\"createdAt\":%.0f}\n", t + 1000
}' | zstd -q -19 -c > "$out/orders-shop-b.jsonl.zst"

cat > "$tmp/reviews.csv" <<'REV'
user_id,item_id,rating,comment,time
u1001,sku503,5,"质量很好，物流很快，会回购",2024-03-02 09:12
u1002,sku503,4,"Good value, arrived in two days",2024-03-02 10:40
u1003,sku511,2,"尺码偏小，客服电话 13812345678 一直占线",2024-03-02 11:05
u1004,sku520,1,"Broken on arrival; email me at jane.doe@example.com",2024-03-02 13:30
u1005,sku520,5,"包装精美，送人很合适",2024-03-03 08:01
u1006,sku533,3,"OK, but the colour is darker than the photo",2024-03-03 09:45
u1007,sku540,5,"性价比高，推荐购买",2024-03-03 12:20
u1008,sku540,4,"Comfortable, runs a bit large — order one size down",2024-03-03 15:02
REV
gzip -n -9 -c "$tmp/reviews.csv" > "$out/reviews.csv.gz"

printf 'ts\tuid\tquery\n' > "$out/searches.tsv"
awk 'BEGIN {
	srand(11)
	n = split("连衣裙|运动鞋|蓝牙耳机|coffee table|sofa|rug|手机壳|running shoes|保温杯|desk lamp", q, "|")
	for (i = 0; i < 120; i++)
		printf "2024-03-0%dT%02d:%02d:00+08:00\tu%d\t%s\n", 1 + int(i / 40), int(rand() * 24),
		       int(rand() * 60), 1000 + int(rand() * 120), q[1 + int(rand() * n)]
}' >> "$out/searches.tsv"
echo "sample-data: wrote $(ls "$out" | wc -l) raw files into $out"
