/* neurona-plot-export.c — NeuronaPlot as a PNG or SVG file, and the plot's menu.
 *
 * An export draws through _neurona_plot_draw(), the function the screen uses, on a Cairo
 * image or SVG surface over the window's background, so the file looks as the plot did.
 * The menu opens on a right click, a long press, Shift+F10 or the Menu key; its items are
 * the widget actions plot.save-png and plot.save-svg, which ask for a file
 * (GtkFileChooserNative: GTK 4.8 has no GtkFileDialog) and show any error in a dialog.
 */
#include "neurona-plot-private.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

/* Cairo's largest surface. */
#define MAX_SIZE 32767
#define DEFAULT_WIDTH 480
#define DEFAULT_HEIGHT 300

/* ---- export ----------------------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable *cancellable;
  GError *error;
} StreamWriter;

static cairo_status_t
write_to_stream (void *data, const unsigned char *buf, unsigned int length)
{
  StreamWriter *w = data;

  if (w->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (w->stream, buf, length, NULL, w->cancellable, &w->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_to_bytes (void *data, const unsigned char *buf, unsigned int length)
{
  g_byte_array_append (data, buf, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t status, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the plot: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

static void
paint (NeuronaPlot *self, cairo_t *cr, int width, int height)
{
  GdkRGBA bg;

  _neurona_plot_get_background (self, &bg);
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_paint (cr);
  _neurona_plot_draw (self, cr, width, height);
}

static gboolean
export_png (NeuronaPlot *self, GOutputStream *stream, int width, int height,
            GCancellable *cancellable, GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  StreamWriter w = { stream, cancellable, NULL };
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);

      paint (self, cr, width, height);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, write_to_stream, &w);
    }
  cairo_surface_destroy (surface);
  if (w.error != NULL)
    {
      g_propagate_error (error, w.error);
      return FALSE;
    }
  return check_cairo (status, error);
}

/* Cairo's SVG has the text as glyph outlines: the title and the summary go in as the
 * document's <title> and <desc>, which viewers and screen readers show. */
static void
insert_metadata (NeuronaPlot *self, GByteArray *svg)
{
  g_autofree char *summary = neurona_plot_get_summary (self);
  const char *title = neurona_plot_get_title (self);
  g_autoptr (GString) meta = g_string_new ("\n");
  const char *start, *end;
  char *root;

  g_byte_array_append (svg, (const guint8 *) "", 1); /* NUL, for strstr */
  start = (const char *) svg->data;
  root = strstr (start, "<svg");
  end = root ? strchr (root, '>') : NULL;
  g_byte_array_set_size (svg, svg->len - 1);
  if (end == NULL)
    return;
  if (title && *title)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_string_append_printf (meta, "<title>%s</title>\n", escaped);
    }
  if (summary && *summary)
    {
      g_autofree char *escaped = g_markup_escape_text (summary, -1);
      g_string_append_printf (meta, "<desc>%s</desc>\n", escaped);
    }
  {
    guint at = (guint) (end + 1 - start);
    g_autoptr (GByteArray) out = g_byte_array_sized_new (svg->len + meta->len);

    g_byte_array_append (out, svg->data, at);
    g_byte_array_append (out, (const guint8 *) meta->str, meta->len);
    g_byte_array_append (out, svg->data + at, svg->len - at);
    g_byte_array_set_size (svg, 0);
    g_byte_array_append (svg, out->data, out->len);
  }
}

static gboolean
export_svg (NeuronaPlot *self, GOutputStream *stream, int width, int height,
            GCancellable *cancellable, GError **error)
{
  g_autoptr (GByteArray) svg = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;

  surface = cairo_svg_surface_create_for_stream (write_to_bytes, svg, width, height);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr;

      /* Pixels, as on screen (cairo's default unit is the point). */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      cr = cairo_create (surface);
      paint (self, cr, width, height);
      status = cairo_status (cr);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (!check_cairo (status, error))
    return FALSE;
  insert_metadata (self, svg);
  return g_output_stream_write_all (stream, svg->data, svg->len, NULL, cancellable, error);
}

/* The size to draw: the widget's when either is 0 or less. */
static gboolean
check_size (NeuronaPlot *self, int *width, int *height, GError **error)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (*width <= 0 || *height <= 0)
    {
      *width = w > 0 ? w : DEFAULT_WIDTH;
      *height = h > 0 ? h : DEFAULT_HEIGHT;
    }
  if (*width > MAX_SIZE || *height > MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A plot of %d × %d pixels is too large to save"), *width, *height);
      return FALSE;
    }
  return TRUE;
}

gboolean
neurona_plot_export_to_stream (NeuronaPlot *self, GOutputStream *stream,
                               NeuronaPlotFormat format, int width, int height,
                               GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format == NEURONA_PLOT_FORMAT_PNG || format == NEURONA_PLOT_FORMAT_SVG,
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (self, &width, &height, error))
    return FALSE;
  if (format == NEURONA_PLOT_FORMAT_PNG)
    return export_png (self, stream, width, height, cancellable, error);
  return export_svg (self, stream, width, height, cancellable, error);
}

gboolean
neurona_plot_export (NeuronaPlot *self, GFile *file, NeuronaPlotFormat format, int width,
                     int height, GError **error)
{
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GCancellable) abandon = NULL;
  gboolean existed;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (self, &width, &height, error))
    return FALSE;
  /* g_file_replace() writes an existing file's replacement beside it and renames it at
   * close: a failed export leaves the old file as it was. A new file is written in
   * place, and removed when the export fails. */
  existed = g_file_query_exists (file, NULL);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (neurona_plot_export_to_stream (self, G_OUTPUT_STREAM (out), format, width, height, NULL,
                                     error)
      && g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return TRUE;
  /* Closing with a cancelled cancellable drops the temporary file instead of renaming it. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
  return FALSE;
}

char *
neurona_plot_get_export_name (NeuronaPlot *self, NeuronaPlotFormat format)
{
  const char *title;
  g_autofree char *base = NULL;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), NULL);

  title = neurona_plot_get_title (self);
  base = g_strstrip (g_strdup (title ? title : ""));
  /* A title is not a path. */
  g_strdelimit (base, "/\\", '-');
  if (*base == '\0' || *base == '.')
    {
      g_free (base);
      /* TRANSLATORS: the file name of a saved plot without a title ("Plot.png") */
      base = g_strdup (C_("file name", "Plot"));
    }
  return g_strconcat (base, format == NEURONA_PLOT_FORMAT_PNG ? ".png" : ".svg", NULL);
}

/* ---- saving from the UI ----------------------------------------------------------- */

static void
error_dialog_response_cb (GtkDialog *dialog, int response, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_error (NeuronaPlot *self, GFile *file, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = path ? g_filename_display_basename (path) : g_file_get_parse_name (file);
  GtkWidget *dialog;

  if (self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   /* TRANSLATORS: %s is the file's name */
                                   _("Could not save “%s”"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), NULL);
  self->error_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->error_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_neurona_plot_save (NeuronaPlot *self, GFile *file, NeuronaPlotFormat format)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (NEURONA_IS_PLOT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (neurona_plot_export (self, file, format, 0, 0, &error))
    return TRUE;
  show_error (self, file, error);
  return FALSE;
}

static void
clear_chooser (NeuronaPlot *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, NeuronaPlot *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  /* The dialog goes first: an error dialog then has the window to itself. */
  g_object_ref (self);
  clear_chooser (self);
  if (file != NULL)
    _neurona_plot_save (self, file, self->chooser_format);
  g_object_unref (self);
}

static void
open_chooser (NeuronaPlot *self, NeuronaPlotFormat format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = neurona_plot_get_export_name (self, format);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  clear_chooser (self);
  self->chooser_format = format;
  self->chooser = gtk_file_chooser_native_new (format == NEURONA_PLOT_FORMAT_PNG
                                                 ? _("Save Plot as PNG")
                                                 : _("Save Plot as SVG"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (format == NEURONA_PLOT_FORMAT_PNG)
    {
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("SVG images"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (pictures);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- menu ------------------------------------------------------------------------- */

/* At (x, y), or at the plot's centre for a negative x (from the keyboard). */
static void
popup_menu (NeuronaPlot *self, double x, double y)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->menu == NULL)
    {
      g_autoptr (GMenu) model = g_menu_new ();

      g_menu_append (model, _("Save as _PNG…"), "plot.save-png");
      g_menu_append (model, _("Save as _SVG…"), "plot.save-svg");
      self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->menu, widget);
    }
  if (x < 0)
    {
      x = gtk_widget_get_width (widget) / 2.0;
      y = gtk_widget_get_height (widget) / 2.0;
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, NeuronaPlot *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));

  if (event == NULL || !gdk_event_triggers_context_menu (event))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu (self, x, y);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture, double x, double y, NeuronaPlot *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu (self, x, y);
}

static void
menu_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  popup_menu (NEURONA_PLOT (widget), -1, -1);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  NeuronaPlot *self = NEURONA_PLOT (widget);

  if (self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));
  open_chooser (self, g_str_equal (action_name, "plot.save-svg") ? NEURONA_PLOT_FORMAT_SVG
                                                                  : NEURONA_PLOT_FORMAT_PNG);
}

void
_neurona_plot_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.save-png", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "plot.save-svg", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "plot.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "plot.menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "plot.menu", NULL);
}

void
_neurona_plot_init_export (NeuronaPlot *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press;

  /* Focusable, so the keyboard reaches the menu. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* On a touch screen, a long press. */
  press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));
}

void
_neurona_plot_dispose_export (NeuronaPlot *self)
{
  clear_chooser (self);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  if (self->error_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->error_dialog),
                                  (gpointer *) &self->error_dialog);
  self->error_dialog = NULL;
}

GtkPopover *
_neurona_plot_get_menu (NeuronaPlot *self)
{
  return self->menu ? GTK_POPOVER (self->menu) : NULL;
}

GtkFileChooserNative *
_neurona_plot_get_file_chooser (NeuronaPlot *self)
{
  return self->chooser;
}

GtkWindow *
_neurona_plot_get_error_dialog (NeuronaPlot *self)
{
  return self->error_dialog ? GTK_WINDOW (self->error_dialog) : NULL;
}
