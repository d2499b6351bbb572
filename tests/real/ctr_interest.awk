# ctr_interest.awk: planted click-through samples where a click depends on
# the candidate's similarity to the user's recent history (issue 5).
#   awk -v n=N -v seed=S -f ctr_interest.awk
# 400 items in 20 hidden groups of 20 (group = int(item / 20)); each sample
# has a user with two interest groups, a history of 10 items (8 from the
# interests, 2 at random) and a candidate from the interests half the time.
# Click probability 0.75 when the candidate's group is an interest, 0.08
# otherwise; no column names the groups, so a model has to learn them from
# co-occurrence and compare the candidate with the history.
BEGIN {
	srand(seed)
	print "label,user,item,hour,hist_items"
	for (e = 0; e < n; e++) {
		g1 = int(rand() * 20); g2 = int(rand() * 20)
		h = ""
		for (j = 0; j < 10; j++) {
			if (rand() < 0.8) it = (rand() < 0.5 ? g1 : g2) * 20 + int(rand() * 20)
			else it = int(rand() * 400)
			h = h (j ? " " : "") "i" it
		}
		if (rand() < 0.5) c = (rand() < 0.5 ? g1 : g2) * 20 + int(rand() * 20)
		else c = int(rand() * 400)
		cg = int(c / 20)
		p = (cg == g1 || cg == g2) ? 0.75 : 0.08
		printf "%d,u%d,i%d,%d,%s\n", (rand() < p), int(rand() * 5000), c, int(rand() * 24), h
	}
}
