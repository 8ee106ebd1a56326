/* polyfit.h — the tutorial's polynomial fit by gradient descent (being written). */
#pragma once

#include <glib.h>
