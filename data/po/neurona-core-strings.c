/* neurona-core-strings.c — names the core's API returns in English (they are data: a
 * dataset's title, its class names, where it came from) and that the app, and the core's
 * own messages that name them, show through _(); listed here so xgettext finds them. The
 * core's messages are marked where they are written (src/core/i18n.h); these names are
 * not, since the core hands them out untranslated. This file is never compiled, only read
 * through data/po/POTFILES.
 *
 * Keep it in step with src/core/dataset.c: tests/test-i18n.c fails when one of these
 * core strings has no Spanish translation, so a renamed class shows up there. */

#if 0
/* nr_dataset_info ()->title */
N_("MNIST digits")
N_("Fashion-MNIST")

/* nr_dataset_info (NR_DATASET_FASHION_MNIST)->class_names; the MNIST classes are digits.
 * Translators: the Fashion-MNIST classes, as the Spanish tutorial names them. */
N_("T-shirt/top")
N_("Trouser")
N_("Pullover")
N_("Dress")
N_("Coat")
N_("Sandal")
N_("Shirt")
N_("Sneaker")
N_("Bag")
N_("Ankle boot")

/* nr_data_source_describe (): where the data came from, after "from" in the app */
N_("the folder given with --data-dir or NEURONA_DATA_DIR")
N_("the full set fetched into the project's data folder")
N_("Debian's dataset-fashion-mnist package")
N_("the committed subset")
N_("an unknown place")
#endif
