/*
 * render.h - the report files made from results.json: junit.xml and
 * index.html (rendered by the Lua modules synfin.report.junit and
 * synfin.report.html), and `synfin report`'s comparison of two runs
 * (synfin.report.compare). The data is in Lua tables already, so the
 * writers are Lua; JSON goes through jansson (json.h) both ways.
 */
#ifndef SYNFIN_RENDER_H
#define SYNFIN_RENDER_H

#include "error.h"

/* DIR/junit.xml and DIR/index.html from DIR/results.json. */
int sf_render(const char *dir, struct sf_err *err);

/* `synfin report ARGS...` (argv[0] is "report"); returns the exit status:
 * 0 done (compare: no difference), 1 compare found differences, 2 usage
 * or unreadable input (said on stderr). */
int sf_report_cli(int argc, char **argv);

#endif
