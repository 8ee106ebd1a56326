/* weights.c — immutable, shared weight snapshots and their safetensors files (weights.h). */
#include "neurona/weights.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "neurona/error.h"

#include "fileutil.h"
#include "i18n.h"
#include "model-private.h"
#include "weights-private.h"

/* The safetensors format caps its header at 100 MB; Neurona's are a few hundred bytes. */
#define MAX_HEADER_BYTES (1024 * 1024)
/* The largest network the core builds (model.c) has 64 M parameters: 256 MB of F32. */
#define MAX_FILE_BYTES ((gsize) 300 * 1024 * 1024)

struct _NrWeights {
  gint ref_count; /* atomic */
  NrModel *model; /* parameters only */
};

static NrWeights *
weights_wrap (NrModel *model)
{
  NrWeights *weights = g_new0 (NrWeights, 1);

  weights->ref_count = 1;
  weights->model = model;
  return weights;
}

NrWeights *
nr_weights_new_from_model (const NrModel *model)
{
  NrModel *copy;

  g_return_val_if_fail (model != NULL, NULL);

  copy = _nr_model_new_zeroed (&model->spec, FALSE);
  memcpy (copy->params, model->params, model->n_params * sizeof (float));
  return weights_wrap (copy);
}

NrWeights *
nr_weights_new (const NrModelSpec *spec, const float *params, gsize n_params, GError **error)
{
  NrModel *model;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (params != NULL || n_params == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nr_model_spec_check (spec, 0, error))
    return NULL;
  if (n_params != nr_model_spec_param_count (spec))
    {
      g_set_error (error, NR_ERROR, NR_ERROR_FORMAT,
                   _("%zu parameters for a network that has %zu"), (size_t) n_params,
                   (size_t) nr_model_spec_param_count (spec));
      return NULL;
    }
  for (gsize i = 0; i < n_params; i++)
    if (!isfinite (params[i]))
      {
        g_set_error (error, NR_ERROR, NR_ERROR_FORMAT, _("parameter %zu is not a finite number"),
                     (size_t) i);
        return NULL;
      }
  model = _nr_model_new_zeroed (spec, FALSE);
  memcpy (model->params, params, n_params * sizeof (float));
  return weights_wrap (model);
}

NrWeights *
nr_weights_ref (NrWeights *weights)
{
  g_return_val_if_fail (weights != NULL, NULL);

  g_atomic_int_inc (&weights->ref_count);
  return weights;
}

void
nr_weights_unref (NrWeights *weights)
{
  if (weights == NULL)
    return;
  if (g_atomic_int_dec_and_test (&weights->ref_count))
    {
      nr_model_free (weights->model);
      g_free (weights);
    }
}

const NrModelSpec *
nr_weights_get_spec (const NrWeights *weights)
{
  g_return_val_if_fail (weights != NULL, NULL);

  return &weights->model->spec;
}

const NrModel *
nr_weights_get_model (const NrWeights *weights)
{
  g_return_val_if_fail (weights != NULL, NULL);

  return weights->model;
}

const float *
nr_weights_get_layer (const NrWeights *weights, guint layer, const float **biases)
{
  const NrModel *model;

  g_return_val_if_fail (weights != NULL, NULL);
  model = weights->model;
  g_return_val_if_fail (layer < model->n_layers, NULL);

  if (biases != NULL)
    *biases = model->params + model->b_offset[layer];
  return model->params + model->w_offset[layer];
}

const float *
nr_weights_get_params (const NrWeights *weights, gsize *n_params)
{
  g_return_val_if_fail (weights != NULL, NULL);

  if (n_params != NULL)
    *n_params = weights->model->n_params;
  return weights->model->params;
}

void
nr_weights_evaluate (const NrWeights *weights, const NrImageSet *set, gboolean normalize,
                     guint n_classes, double *out_loss, double *out_accuracy,
                     guint64 *confusion)
{
  const NrModel *model;

  if (out_loss != NULL)
    *out_loss = NAN;
  if (out_accuracy != NULL)
    *out_accuracy = NAN;
  g_return_if_fail (weights != NULL);
  g_return_if_fail (set != NULL);
  model = weights->model;
  g_return_if_fail (set->rows * set->cols == model->spec.input_size);
  g_return_if_fail (n_classes >= 1 && n_classes <= model->spec.outputs);
  g_return_if_fail (set->n == 0 || _nr_labels_max (set->labels, set->n) < n_classes);

  if (confusion != NULL)
    memset (confusion, 0, sizeof (guint64) * n_classes * model->spec.outputs);
  _nr_model_evaluate_pixels (model, set->pixels, set->labels, set->n, normalize, NULL,
                             out_loss, out_accuracy, confusion, NULL);
}

/* ---- the safetensors file ----------------------------------------------------------- */

static char *
tensor_name (guint layer, gboolean bias)
{
  return g_strdup_printf ("dense_%u.%s", layer, bias ? "bias" : "weight");
}

static char *
activations_text (const NrModelSpec *spec)
{
  GString *s = g_string_new (NULL);

  for (guint l = 0; l < spec->n_hidden; l++)
    g_string_append_printf (s, "%s,", nr_activation_name (spec->hidden[l].activation));
  g_string_append (s, "linear");
  return g_string_free (s, FALSE);
}

static char *
dropout_text (const NrModelSpec *spec)
{
  GString *s = g_string_new (NULL);

  for (guint l = 0; l < spec->n_hidden; l++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%g", spec->hidden[l].dropout);
      g_string_append_printf (s, "%s%s", l > 0 ? "," : "", buf);
    }
  return g_string_free (s, FALSE);
}

/* Little-endian F32 of src (n values). */
static void
put_f32_le (guint8 *dst, const float *src, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &src[i], 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (dst + 4 * i, &bits, 4);
    }
}

static float
get_f32_le (const guint8 *src)
{
  guint32 bits;
  float value;

  memcpy (&bits, src, 4);
  bits = GUINT32_FROM_LE (bits);
  memcpy (&value, &bits, 4);
  return value;
}

gboolean
nr_weights_save (const NrWeights *weights, gboolean normalize, const char *path,
                 GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *header = NULL;
  g_autofree char *activations = NULL;
  g_autofree char *dropout = NULL;
  g_autofree guint8 *file = NULL;
  const NrModel *model;
  gsize header_len, padded, data_len, offset = 0, file_len;
  guint8 *data;

  g_return_val_if_fail (weights != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  model = weights->model;
  /* Weights that cannot be read back are not written: nr_weights_load refuses them. */
  for (gsize i = 0; i < model->n_params; i++)
    if (!isfinite (model->params[i]))
      {
        g_autofree char *name = g_filename_display_name (path);

        g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                     _("%s: not written: parameter %zu is not a finite number"), name,
                     (size_t) i);
        return FALSE;
      }
  activations = activations_text (&model->spec);
  dropout = dropout_text (&model->spec);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "__metadata__");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "pt");
  json_builder_set_member_name (builder, "producer");
  json_builder_add_string_value (builder, "neurona");
  json_builder_set_member_name (builder, "activations");
  json_builder_add_string_value (builder, activations);
  json_builder_set_member_name (builder, "dropout");
  json_builder_add_string_value (builder, dropout);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, "logits (softmax gives the class probabilities)");
  json_builder_set_member_name (builder, "pixel_scale");
  json_builder_add_string_value (builder, normalize ? "1/255" : "1");
  json_builder_set_member_name (builder, "input");
  json_builder_add_string_value (builder, "28x28 uint8 pixels, flattened row by row, times "
                                          "pixel_scale");
  json_builder_end_object (builder);
  for (guint l = 0; l < model->n_layers; l++)
    for (int bias = 0; bias <= 1; bias++)
      {
        g_autofree char *name = tensor_name (l, bias);
        gsize bytes = (gsize) model->out[l] * (bias ? 1 : model->in[l]) * 4;

        json_builder_set_member_name (builder, name);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "dtype");
        json_builder_add_string_value (builder, "F32");
        json_builder_set_member_name (builder, "shape");
        json_builder_begin_array (builder);
        json_builder_add_int_value (builder, model->out[l]);
        if (!bias)
          json_builder_add_int_value (builder, model->in[l]);
        json_builder_end_array (builder);
        json_builder_set_member_name (builder, "data_offsets");
        json_builder_begin_array (builder);
        json_builder_add_int_value (builder, (gint64) offset);
        json_builder_add_int_value (builder, (gint64) (offset + bytes));
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        offset += bytes;
      }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  header = json_generator_to_data (generator, &header_len);

  /* The data starts on an 8-byte boundary: the header is padded with spaces. */
  data_len = offset;
  padded = (header_len + 7) & ~(gsize) 7;
  file_len = 8 + padded + data_len;
  file = g_malloc (file_len);
  {
    guint64 n = GUINT64_TO_LE ((guint64) padded);
    memcpy (file, &n, 8);
  }
  memcpy (file + 8, header, header_len);
  memset (file + 8 + header_len, ' ', padded - header_len);
  data = file + 8 + padded;
  offset = 0;
  for (guint l = 0; l < model->n_layers; l++)
    {
      const float *w = model->params + model->w_offset[l];
      const float *b = model->params + model->b_offset[l];
      int in = model->in[l], out = model->out[l];

      /* (out, in): row j holds the weights into output j, the core's column j. */
      for (int j = 0; j < out; j++)
        for (int k = 0; k < in; k++)
          put_f32_le (data + offset + 4 * ((gsize) j * in + k), &w[(gsize) k * out + j], 1);
      offset += (gsize) in * out * 4;
      put_f32_le (data + offset, b, out);
      offset += (gsize) out * 4;
    }
  return _nr_write_file_durable (path, file, file_len, error);
}

typedef struct {
  const char *name; /* display name of the file */
  GError **error;
} Reader;

static gpointer G_GNUC_PRINTF (2, 3)
fail (Reader *r, const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, NR_ERROR, NR_ERROR_FORMAT, "%s: %s", r->name, problem);
  return NULL;
}

/* Element i of array as a whole number; FALSE for anything else (a fraction, a string,
 * true, null, a nested array), which json_array_get_int_element would read as 0, 1 or a
 * truncated number, or refuse with a critical warning. */
static gboolean
array_int_element (JsonArray *array, guint i, gint64 *out)
{
  JsonNode *node;

  if (i >= json_array_get_length (array))
    return FALSE;
  node = json_array_get_element (array, i);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* The [begin, end) of one tensor, checked against its expected shape. */
static gboolean
read_tensor_entry (Reader *r, JsonObject *header, const char *tensor, gint64 dim0, gint64 dim1,
                   gsize data_len, gsize *begin)
{
  JsonNode *node = json_object_get_member (header, tensor);
  JsonNode *dtype_node;
  JsonObject *entry;
  JsonArray *shape, *offsets;
  const char *dtype;
  guint rank = dim1 > 0 ? 2 : 1;
  gint64 got0 = -1, got1 = -1, b = -1, e = -1, want_elems = dim1 > 0 ? dim0 * dim1 : dim0;

  if (node == NULL)
    return fail (r, _("no tensor “%s” (not a model of this run, or not a Neurona model)"), tensor),
           FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, _("tensor “%s” is not described by an object"), tensor), FALSE;
  entry = json_node_get_object (node);
  if (!json_object_has_member (entry, "dtype") || !json_object_has_member (entry, "shape") ||
      !json_object_has_member (entry, "data_offsets") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (entry, "dtype")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (entry, "shape")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (entry, "data_offsets")))
    return fail (r, _("tensor “%s” lacks its dtype, shape or data_offsets"), tensor), FALSE;
  /* A dtype that is a number or true has no string (json_node_get_string gives NULL). */
  dtype_node = json_object_get_member (entry, "dtype");
  if (json_node_get_value_type (dtype_node) != G_TYPE_STRING)
    return fail (r, _("tensor “%s” has a dtype that is not a name"), tensor), FALSE;
  dtype = json_node_get_string (dtype_node);
  if (strcmp (dtype, "F32") != 0)
    return fail (r, _("tensor “%s” is %s; Neurona's weights are F32"), tensor, dtype), FALSE;
  shape = json_object_get_array_member (entry, "shape");
  offsets = json_object_get_array_member (entry, "data_offsets");
  if (json_array_get_length (shape) != rank || !array_int_element (shape, 0, &got0) ||
      got0 != dim0 || (rank == 2 && (!array_int_element (shape, 1, &got1) || got1 != dim1)))
    {
      g_autofree char *got = json_to_string (json_object_get_member (entry, "shape"), FALSE);

      if (dim1 > 0)
        return fail (r, _("tensor “%s” has shape %s, but this run's network needs [%lld, %lld]"),
                     tensor, got, (long long) dim0, (long long) dim1), FALSE;
      return fail (r, _("tensor “%s” has shape %s, but this run's network needs [%lld]"), tensor,
                   got, (long long) dim0), FALSE;
    }
  if (json_array_get_length (offsets) != 2 || !array_int_element (offsets, 0, &b) ||
      !array_int_element (offsets, 1, &e))
    return fail (r, _("tensor “%s” has malformed data_offsets"), tensor), FALSE;
  if (b < 0 || e < b || (guint64) e > data_len)
    return fail (r, _("tensor “%s” lies outside the file's data (truncated?)"), tensor), FALSE;
  if (e - b != want_elems * 4)
    return fail (r, _("tensor “%s” has %lld bytes of data for %lld values"), tensor,
                 (long long) (e - b), (long long) want_elems), FALSE;
  *begin = (gsize) b;
  return TRUE;
}

static int
compare_ranges (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static guint
spec_layer_in (const NrModelSpec *spec, guint layer)
{
  return layer == 0 ? spec->input_size : spec->hidden[layer - 1].units;
}

static guint
spec_layer_out (const NrModelSpec *spec, guint layer)
{
  return layer == spec->n_hidden ? spec->outputs : spec->hidden[layer].units;
}

/* Checks everything in a safetensors file but the values: its header (head holds the
 * file's first head_len bytes, at least the header when the file is whole) against spec,
 * and the tensors' data against the file's size. begins (2 × (n_hidden + 1): weight, bias
 * of each layer) receives where each tensor starts in the data, *data_start where the data
 * starts in the file. */
static gboolean
check_header (Reader *r, const guint8 *head, gsize head_len, guint64 file_len,
              const NrModelSpec *spec, gsize *begins, gsize *data_start)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *header_text = NULL;
  g_autoptr (GList) members = NULL;
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (guint64) * 2);
  JsonNode *root, *meta;
  JsonObject *header;
  guint64 header_len, data_len, end = 0;
  guint n_tensors = 0;

  if (file_len < 8 || head_len < 8)
    return fail (r, _("truncated: %llu bytes, not even a safetensors header"),
                 (unsigned long long) file_len), FALSE;
  memcpy (&header_len, head, 8);
  header_len = GUINT64_FROM_LE (header_len);
  if (header_len < 2 || header_len > MAX_HEADER_BYTES || header_len > file_len - 8 ||
      header_len > head_len - 8)
    return fail (r, _("not a safetensors file, or truncated (its header would be %llu bytes in a "
                      "file of %llu)"),
                 (unsigned long long) header_len, (unsigned long long) file_len), FALSE;
  header_text = g_strndup ((const char *) head + 8, (gsize) header_len);
  if (strlen (header_text) != header_len || !g_utf8_validate (header_text, -1, NULL) ||
      header_text[0] != '{')
    return fail (r, _("not a safetensors file (its header is not JSON text)")), FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, header_text, (gssize) header_len, &parse_error))
    return fail (r, _("not a safetensors file (its header is not valid JSON: %s)"),
                 parse_error->message), FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (r, _("not a safetensors file (its header is not a JSON object)")), FALSE;
  header = json_node_get_object (root);
  data_len = file_len - 8 - header_len;

  for (guint l = 0; l <= spec->n_hidden; l++)
    for (int bias = 0; bias <= 1; bias++)
      {
        g_autofree char *tensor = tensor_name (l, bias);
        guint in = spec_layer_in (spec, l), out = spec_layer_out (spec, l);
        gsize *begin = &begins[2 * l + bias];

        if (!read_tensor_entry (r, header, tensor, out, bias ? 0 : in, (gsize) data_len, begin))
          return FALSE;
        {
          guint64 range[2] = { *begin, *begin + (guint64) out * (bias ? 1 : in) * 4 };
          g_array_append_val (ranges, range);
        }
        n_tensors++;
      }
  /* Nothing else in the file: another network's extra layers, or data nothing points at. */
  members = json_object_get_members (header);
  for (GList *m = members; m != NULL; m = m->next)
    if (strcmp (m->data, "__metadata__") != 0)
      n_tensors--;
  /* The tensors tile the data exactly, without overlapping (two layers read from the
   * same bytes would be a silent wrong answer). */
  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      const guint64 *range = &g_array_index (ranges, guint64, 2 * i);

      if (range[0] != end)
        {
          end = G_MAXUINT64; /* a gap or an overlap */
          break;
        }
      end = range[1];
    }
  if (n_tensors != 0 || end != data_len)
    return fail (r, _("holds other tensors or data than this run's network (%u dense layers)"),
                 spec->n_hidden + 1), FALSE;
  /* Another Neurona run's network of the same shapes but other activations would give
   * silently wrong answers. Other writers may leave __metadata__ out. */
  meta = json_object_get_member (header, "__metadata__");
  if (meta != NULL && !JSON_NODE_HOLDS_OBJECT (meta))
    return fail (r, _("not a safetensors file (its __metadata__ is not an object)")), FALSE;
  if (meta != NULL)
    {
      JsonNode *act = json_object_get_member (json_node_get_object (meta), "activations");

      if (act != NULL && JSON_NODE_HOLDS_VALUE (act) &&
          json_node_get_value_type (act) == G_TYPE_STRING)
        {
          g_autofree char *want = activations_text (spec);

          if (strcmp (json_node_get_string (act), want) != 0)
            return fail (r, _("a network with activations “%s”, but this run's has “%s”"),
                         json_node_get_string (act), want), FALSE;
        }
    }

  *data_start = 8 + (gsize) header_len;
  return TRUE;
}

NrWeights *
nr_weights_load (const char *path, const NrModelSpec *spec, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree gsize *begins = NULL;
  NrModel *model;
  const guint8 *file;
  gsize file_len, data_start;
  Reader r;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  r.name = name;
  r.error = error;
  if (!nr_model_spec_check (spec, 0, error))
    return NULL;
  bytes = _nr_read_regular_file (path, MAX_FILE_BYTES, _("a model file"), error);
  if (bytes == NULL)
    return NULL;
  file = g_bytes_get_data (bytes, &file_len);
  begins = g_new (gsize, 2 * (spec->n_hidden + 1));
  if (!check_header (&r, file, file_len, file_len, spec, begins, &data_start))
    return NULL;

  model = _nr_model_new_zeroed (spec, FALSE);
  for (guint l = 0; l < model->n_layers; l++)
    {
      const guint8 *w = file + data_start + begins[2 * l];
      const guint8 *b = file + data_start + begins[2 * l + 1];
      int in = model->in[l], out = model->out[l];

      /* (out, in) in the file, (in, out) in the core. */
      for (int j = 0; j < out; j++)
        for (int k = 0; k < in; k++)
          model->params[model->w_offset[l] + (gsize) k * out + j] =
            get_f32_le (w + 4 * ((gsize) j * in + k));
      for (int j = 0; j < out; j++)
        model->params[model->b_offset[l] + j] = get_f32_le (b + 4 * (gsize) j);
    }
  for (gsize i = 0; i < model->n_params; i++)
    if (!isfinite (model->params[i]))
      {
        nr_model_free (model);
        return fail (&r, _("parameter %zu is not a finite number (corrupt?)"), (size_t) i);
      }
  return weights_wrap (model);
}

gboolean
_nr_weights_check_file (const char *path, const NrModelSpec *spec, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree gsize *begins = NULL;
  const guint8 *head;
  gsize head_len, data_start;
  guint64 file_len, header_len;
  Reader r;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  r.name = name;
  r.error = error;
  if (!nr_model_spec_check (spec, 0, error))
    return FALSE;
  /* Neurona's headers are well under 4 KiB: one read, then a second for a longer one. */
  bytes = _nr_read_regular_file_head (path, 4096, _("a model file"), &file_len, error);
  if (bytes == NULL)
    return FALSE;
  head = g_bytes_get_data (bytes, &head_len);
  if (head_len >= 8)
    {
      memcpy (&header_len, head, 8);
      header_len = GUINT64_FROM_LE (header_len);
      if (header_len <= MAX_HEADER_BYTES && header_len + 8 > head_len &&
          header_len + 8 <= file_len)
        {
          g_clear_pointer (&bytes, g_bytes_unref);
          bytes = _nr_read_regular_file_head (path, (gsize) header_len + 8, _("a model file"),
                                              &file_len, error);
          if (bytes == NULL)
            return FALSE;
          head = g_bytes_get_data (bytes, &head_len);
        }
    }
  if (file_len > MAX_FILE_BYTES)
    return fail (&r, _("%llu bytes is far too large for a model file"),
                 (unsigned long long) file_len), FALSE;
  begins = g_new (gsize, 2 * (spec->n_hidden + 1));
  return check_header (&r, head, head_len, file_len, spec, begins, &data_start);
}
