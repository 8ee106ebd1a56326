/* neurona-lesson-panel.h — the Lessons panel: a lesson's steps one at a time, beside any
 * page of the lab.
 *
 * It shows the step's title, what to do, what to look at, what it means and a question,
 * and the tutorial's number beside the student's ("Tutorial: 0.8798 · you: 0.8817"): the
 * student's is the test accuracy of the newest run of the session whose settings are the
 * step's (its seed aside). "Set up this step" emits "apply-step" for the window to put the
 * lab in the step's state. The shipped lesson of the UI's language is opened at first;
 * "Open lesson…" opens a teacher's file, and a file that cannot be used is named with its
 * line, the lesson shown before staying open.
 */
#pragma once

#include <gtk/gtk.h>

#include "neurona/neurona.h"
#include "neurona-session.h"

G_BEGIN_DECLS

#define NEURONA_TYPE_LESSON_PANEL (neurona_lesson_panel_get_type ())
G_DECLARE_FINAL_TYPE (NeuronaLessonPanel, neurona_lesson_panel, NEURONA, LESSON_PANEL, GtkWidget)

GtkWidget *neurona_lesson_panel_new (void);

/* The session whose runs give the student's numbers (borrowed). */
void neurona_lesson_panel_set_session (NeuronaLessonPanel *self, NeuronaSession *session);

/* Opens a lesson file; on failure the panel shows why (with the line) and keeps the lesson
 * it showed. */
gboolean neurona_lesson_panel_open (NeuronaLessonPanel *self, const char *path, GError **error);
/* The lesson shown (borrowed), or NULL. */
const NrLesson *neurona_lesson_panel_get_lesson (NeuronaLessonPanel *self);
/* The step shown, 0-based; and shows another (clamped to the lesson's steps). */
guint neurona_lesson_panel_get_step (NeuronaLessonPanel *self);
void neurona_lesson_panel_set_step (NeuronaLessonPanel *self, guint step);
/* The line with the numbers ("Tutorial: 0.8798 · you: 0.8817"), as shown. */
const char *neurona_lesson_panel_get_numbers_text (NeuronaLessonPanel *self);
/* The message about the last file that could not be opened, or NULL. */
const char *neurona_lesson_panel_get_error_text (NeuronaLessonPanel *self);

/* Presenter mode (property "presenting", style class "presenting"): the step's text in
 * large type, the panel wider. */
void neurona_lesson_panel_set_presenting (NeuronaLessonPanel *self, gboolean presenting);
gboolean neurona_lesson_panel_get_presenting (NeuronaLessonPanel *self);

/* Signals:
 *   "apply-step" (gconstpointer step)   an NrLessonStep *, valid during the emission
 */

G_END_DECLS
