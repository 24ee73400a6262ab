/* lwIP includes <string.h>: ours is inc/string.h. */
#include <inc/string.h>
