/* neurona-a11y.h — accessible names that equal what a control shows.
 *
 * GTK 4.8 names a button with a mnemonic "_Train Train": its label property keeps the raw
 * text with the underscore and its label child (the mnemonic label) adds the visible text.
 * A check button gets only the raw "_Scale pixels". These helpers make the accessible
 * name exactly the visible text.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* "_Train" → "Train", "Save __as" → "Save _as". */
char *neurona_a11y_strip_mnemonic (const char *text);

/* Gives a GtkButton, GtkCheckButton or GtkExpander that shows a text label the accessible
 * name of that text (without the mnemonic underscore), and nothing else. Call it again
 * after changing the label. Other widgets are left alone (a GtkMenuButton with a label is
 * named right by GTK 4.8 already). */
void neurona_a11y_name_from_label (GtkWidget *widget);

/* An AdwActionRow's title names the row (libadwaita relates them), but not the control at
 * its end: this makes the row's activatable widget (a spin button, a check button…)
 * labelled by the row's title label as well, as a GtkLabel's mnemonic widget is, with no
 * label property of its own (that would be read twice). Rows without an activatable
 * widget, and AdwComboRow (the row is the control), are left alone. Call it again after
 * changing the activatable widget. */
void neurona_a11y_name_from_row (GtkWidget *row);

/* The label that shows row's title (an AdwActionRow or a subclass); NULL if none. */
GtkLabel *neurona_a11y_row_title_label (GtkWidget *row);

/* neurona_a11y_name_from_label() and neurona_a11y_name_from_row() on root and every
 * widget under it: call it once after gtk_widget_init_template(). */
void neurona_a11y_name_all_from_labels (GtkWidget *root);

/* Sets the text of a GtkInscription, the label for text that changes while a run trains
 * (an inscription keeps its size whatever its text, so a new text is only redrawn where a
 * label's would lay out the page and its parents again), and makes the same text its
 * accessible name, which GTK 4.8 does not. Nothing happens when the text is the same. */
void neurona_a11y_set_inscription_text (GtkInscription *inscription, const char *text);

G_END_DECLS
