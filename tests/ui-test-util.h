/* ui-test-util.h — what every UI test needs: spinning the main loop, waiting for a
 * condition or a painted frame, rendering a widget to pixels, saving screenshots and
 * finding widgets in a tree. Linked into each UI test by tests/meson.build.
 *
 * All waits iterate the default main context on the calling (main) thread. */
#pragma once

#include <gtk/gtk.h>

#include "neurona-application.h"
#include "neurona-window.h"

G_BEGIN_DECLS

typedef gboolean (*UiTestPredicate) (gpointer data);

/* Pixels downloaded from a texture in GDK_MEMORY_DEFAULT layout (Cairo's premultiplied
 * ARGB32: B, G, R, A bytes on little endian). data is owned: g_free() it. */
typedef struct
{
  int width, height;
  gsize stride;
  guint8 *data;
} UiTestPixels;

/* Main loop -------------------------------------------------------------------------- */

/* Runs the main loop for ms milliseconds, dispatching whatever comes in meanwhile. */
void ui_test_spin_for (guint ms);

/* Runs the main loop until pred (data) holds: TRUE then, FALSE once timeout_ms have passed
 * without it. */
gboolean ui_test_wait_until (UiTestPredicate pred, gpointer data, guint timeout_ms);

/* Waits (up to 5 s) until widget is mapped and has a width; asserts that it is. */
void ui_test_wait_mapped (GtkWidget *widget);

/* Waits (up to 5 s) until widget is mapped, queues a redraw and waits until its window's
 * frame clock reports "after-paint": a frame with the widget's current state has been
 * painted, so GtkWidgetPaintable shows it. Asserts that it happened. */
void ui_test_wait_for_frame (GtkWidget *widget);

/* Windows ---------------------------------------------------------------------------- */

/* Opens the lab's main window as a test fixture: when *app is NULL, a new
 * NON_UNIQUE application is made and registered into it (asserted); then a window of *app
 * is made into *window, which is also a weak pointer to it (NULL once it is destroyed),
 * page (when not NULL) is made the stack's visible child, the window is presented and the
 * call waits until it is mapped and its dataset has loaded (asserted, up to 30 s). */
/* A UiTestPredicate: the NeuronaWindow window has a dataset loaded. */
gboolean ui_test_dataset_loaded (gpointer window);

void ui_test_open_window (NeuronaApplication **app, NeuronaWindow **window, const char *page);

/* The fixture's tear-down: destroys *window when it is still there, spins the main loop
 * 20 ms and asserts that the window is gone (*window NULL, by its weak pointer). Then
 * clears *app when app is not NULL (pass NULL to keep the application for a reopen). */
void ui_test_close_window (NeuronaWindow **window, NeuronaApplication **app);

/* Puts child in a new top-level window of the given default size and presents it; the
 * window is returned (destroy it with gtk_window_destroy()). Does not wait. */
GtkWidget *ui_test_present_in_window (GtkWidget *child, int width, int height);

/* Turns the dark style on or off. With libadwaita initialised (an AdwApplication has
 * started) it is AdwStyleManager's color scheme (forced dark, or the default: the test
 * desktop's light one), since libadwaita ignores and warns about GtkSettings'
 * gtk-application-prefer-dark-theme; a widget test without the application sets that. */
void ui_test_set_dark (gboolean dark);

/* Rendering -------------------------------------------------------------------------- */

/* The widget as painted in its window, rendered to a texture by the window's renderer,
 * over background when that is not NULL (a widget alone is transparent where it draws
 * nothing). Waits for a painted frame first, and again while the widget has no render
 * node yet (a live widget may have a repaint pending). Asserts a non-empty size. */
GdkTexture *ui_test_render (GtkWidget *widget, const GdkRGBA *background);

/* Saves texture as $NEURONA_SCREENSHOT_DIR/name (the folder is created); nothing when the
 * variable is unset. The path is logged with g_test_message(). */
void ui_test_save_texture (GdkTexture *texture, const char *name);

/* ui_test_render() then ui_test_save_texture(); renders nothing when
 * $NEURONA_SCREENSHOT_DIR is unset. */
void ui_test_save_screenshot (GtkWidget *widget, const char *name, const GdkRGBA *background);

/* Pixels ----------------------------------------------------------------------------- */

UiTestPixels ui_test_pixels_from_texture (GdkTexture *texture);

/* ui_test_render() then ui_test_pixels_from_texture(). */
UiTestPixels ui_test_read_pixels (GtkWidget *widget, const GdkRGBA *background);

/* The straight RGB of pixel (x, y) of an opaque image; asserts that it is inside. */
void ui_test_pixel_at (const UiTestPixels *px, int x, int y, guint8 rgb[3]);

/* Accessibility ---------------------------------------------------------------------- */

/* Fails the test unless widget's accessible label property is exactly want, naming the
 * widget's type and both texts. (gtk_test_accessible_assert_property pastes the value
 * into a format string: a "%" in it breaks that.) */
void ui_test_assert_accessible_label (GtkWidget *widget, const char *want);

/* Widget tree ------------------------------------------------------------------------ */

/* Every widget under root (root included) that is of type, depth first in child order.
 * The array does not own the widgets. */
GPtrArray *ui_test_find_all (GtkWidget *root, GType type);

/* The text a label shows: label without its mnemonic underscores. Free it with g_free(). */
char *ui_test_visible_text (const char *label);

/* The control under root whose visible label (ui_test_visible_text()) is text: a label's
 * mnemonic widget, or a button / check button showing that text. For an AdwActionRow's
 * title (whose mnemonic widget is the row) it is the row's activatable widget (the spin
 * button at its end…), for an AdwComboRow's the combo row itself. The nth match (0-based,
 * depth first) when the label repeats; NULL when there is none. */
GtkWidget *ui_test_find_control (GtkWidget *root, const char *text, guint nth);

/* Fails the test unless every AdwActionRow (AdwComboRow included) under root is named by
 * its title: the label showing the title (its text the title without the mnemonic
 * underscore) is what the row, and its activatable widget if it has one, are labelled by,
 * and neither has a label property of its own (a screen reader would read both). Returns
 * how many rows it checked. */
guint ui_test_assert_rows_named_by_titles (GtkWidget *root);

/* The first label under root, visible or not, whose text is exactly text; NULL if none. */
GtkLabel *ui_test_find_label (GtkWidget *root, const char *text);

/* The first visible label (gtk_widget_is_visible()) under root whose text is exactly
 * text; NULL if none. */
GtkLabel *ui_test_find_visible_label (GtkWidget *root, const char *text);

/* The first visible label under root whose text contains needle; NULL if none. */
GtkLabel *ui_test_find_label_containing (GtkWidget *root, const char *needle);

/* Runs the shortcut of one of widget's shortcut controllers (its key bindings, a
 * window's shortcuts) for keyval without modifiers, as a key press would; FALSE if none
 * took it. */
gboolean ui_test_press_shortcut (GtkWidget *widget, guint keyval);

/* The same among labels and inscriptions (the texts that change while a run trains). */
GtkWidget *ui_test_find_text_containing (GtkWidget *root, const char *needle);

/* The text a GtkLabel or a GtkInscription shows. */
const char *ui_test_text_of (GtkWidget *widget);

/* Whether a label's or an inscription's whole text fits its allocation on one line: not
 * ellipsized. */
gboolean ui_test_text_fits (GtkWidget *widget);

/* Alt+letter reaches one control per page of window: fails the test when two mnemonics
 * of a page (the window's own, such as Retry, count on every page; popovers have their
 * own) share a letter, or a page has fewer than min_per_page of them. */
void ui_test_assert_unique_mnemonics (NeuronaWindow *window, guint min_per_page);

/* Moves the X pointer to the screen's bottom-right corner (xdotool), away from where
 * windows and dialogs open, so that no tooltip timer starts under it. Does nothing when
 * xdotool is missing. */
void ui_test_park_pointer (void);

G_END_DECLS
