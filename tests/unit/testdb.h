/* testdb.h — what the unit tests share about test database files. */
#ifndef LEADQA_TESTDB_H
#define LEADQA_TESTDB_H

#include <stdio.h>
#include <unistd.h>

/* Removes a test database and its WAL companions (-wal, -shm). */
static inline void remove_db(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

#endif
