/*
 * scratch.h: a scratch directory for the unit tests that write files. The
 * cmocka group setup creates $TMPDIR/ec-test-NAME.XXXXXX and enters it, the
 * teardown leaves and removes it. Define SCRATCH_NAME before including.
 */
#ifndef EC_TEST_SCRATCH_H
#define EC_TEST_SCRATCH_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[PATH_MAX];
static char oldcwd[PATH_MAX];

static int group_setup(void **state)
{
	(void)state;
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/ec-test-%s.XXXXXX", t && *t ? t : "/tmp",
	         SCRATCH_NAME);
	if (!getcwd(oldcwd, sizeof oldcwd) || !mkdtemp(tmpdir) || chdir(tmpdir) < 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	if (chdir(oldcwd) < 0)
		return -1;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
