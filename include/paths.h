/* paths.h — where the program finds its own files and where models go.
 *
 * The shipped files (the cue lexicons, seed data) live in the data folder.
 * It is never looked up relative to the working folder: a night started by
 * cron or systemd from anywhere must find the same files.  In order:
 *   1. the folder set by --data-dir or the data_dir setting;
 *   2. BINDIR/data, the link the build puts beside the binary in a build tree;
 *   3. BINDIR/../share/leadqa, an installed tree (also after it was moved);
 *   4. LEADQA_DATADIR, compiled in from the Makefile's PREFIX.
 *
 * Models are the program's own output and belong with the database:
 * "models/" beside it (./models for the default ./leadqa.db). */
#ifndef LEADQA_PATHS_H
#define LEADQA_PATHS_H

/* Sets the data folder for the rest of the run (NULL: the default above). */
void paths_set_data_dir(const char *dir);

/* 1 when paths_set_data_dir() named a folder (the command line wins over
 * a settings file). */
int paths_data_dir_given(void);

/* The data folder (borrowed; valid until the next paths_set_data_dir). */
const char *paths_data_dir(void);

/* The folder the data folder is looked up in when nothing overrides it:
 * the compiled-in one, for messages and `leadqa --version`. */
const char *paths_builtin_data_dir(void);

/* "models" beside db_path: "models" for "leadqa.db", "/var/lib/x/models"
 * for "/var/lib/x/leadqa.db".  The caller frees it. */
char *paths_model_dir_new(const char *db_path);

#endif
