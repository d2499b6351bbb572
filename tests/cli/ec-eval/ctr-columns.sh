# Other column names.
sed 's/^user,label,score$/uid,clicked,p/' data/scored.csv |
	ec-eval ctr --label clicked --score p --user uid
