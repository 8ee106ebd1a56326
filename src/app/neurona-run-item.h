/* neurona-run-item.h — one run of the session's list: its record, its number in the lab
 * ("run 3"), whether it is saved, and its weights once they have been read.
 *
 * The record is the item's own; the session changes it (a new name, a note) only through
 * the setters here, which notify. Weights are read lazily (they are only needed when the
 * run is opened) and shared by reference.
 */
#pragma once

#include <glib-object.h>

#include "neurona/neurona.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_RUN_ITEM (neurona_run_item_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaRunItem, neurona_run_item, NEURONA, RUN_ITEM, GObject)

/* Takes record. */
NeuronaRunItem *neurona_run_item_new (NrRunRecord *record, guint number);

const NrRunRecord *neurona_run_item_get_record (NeuronaRunItem *self);
/* Replaces the record (after a save filled in its id and folder); takes record. */
void neurona_run_item_set_record (NeuronaRunItem *self, NrRunRecord *record);

/* Properties "name", "note" (read-write through the session, which saves them),
 * "number" (1 for the oldest run of the lab), "test-accuracy" (NAN when none),
 * "saved" (the folder holds it as shown), "save-error" (why not, or NULL). */
const char *neurona_run_item_get_name (NeuronaRunItem *self);
void neurona_run_item_set_name (NeuronaRunItem *self, const char *name);
const char *neurona_run_item_get_note (NeuronaRunItem *self);
void neurona_run_item_set_note (NeuronaRunItem *self, const char *note);
guint neurona_run_item_get_number (NeuronaRunItem *self);
void neurona_run_item_set_number (NeuronaRunItem *self, guint number);
double neurona_run_item_get_test_accuracy (NeuronaRunItem *self);
gboolean neurona_run_item_get_saved (NeuronaRunItem *self);
const char *neurona_run_item_get_save_error (NeuronaRunItem *self);
void neurona_run_item_set_save_state (NeuronaRunItem *self, gboolean saved, const char *error);

/* Property "origin": for a run brought in from another folder ("Open runs folder…", a
 * folder dropped on the window), where it was found, as shown ("class/alice"); NULL for
 * the runs of the lab's own runs folder and those trained here. */
const char *neurona_run_item_get_origin (NeuronaRunItem *self);
void neurona_run_item_set_origin (NeuronaRunItem *self, const char *origin);
/* A key that sorts names as g_utf8_collate does, made once per name (sorting a thousand
 * runs by name then compares bytes). */
const char *neurona_run_item_get_name_key (NeuronaRunItem *self);

/* The weights, once read (or handed over at the end of training); NULL before. */
NrWeights *neurona_run_item_get_weights (NeuronaRunItem *self);
void neurona_run_item_set_weights (NeuronaRunItem *self, NrWeights *weights);
/* Why the weights cannot be had (a corrupt file, a Neurona 0.1 run), or NULL. */
const char *neurona_run_item_get_weights_error (NeuronaRunItem *self);
void neurona_run_item_set_weights_error (NeuronaRunItem *self, const char *error);

/* "run 3 · 128 relu · 10 epochs" (translated). */
char *neurona_run_item_describe (NeuronaRunItem *self);

G_END_DECLS
