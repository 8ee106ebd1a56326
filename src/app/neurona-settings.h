/* neurona-settings.h — the lab's GSettings (io.github.neurona.Neurona): what it remembers
 * from one use to the next. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define NEURONA_SETTINGS_SCHEMA "io.github.neurona.Neurona"

/* The settings, or NULL when the schema is nowhere to be found (a copy neither installed
 * nor run from its build tree): the lab then starts with its defaults and remembers
 * nothing, rather than abort as g_settings_new () would. The installed schema is taken
 * first, else the build tree's. Newly created; free with g_object_unref (). */
GSettings *neurona_settings_new (void);

/* Every key back to its default (tests start from a known state). */
void neurona_settings_reset_all (void);

G_END_DECLS
