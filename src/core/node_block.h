/* node_block.h - the handle registry's side of node blocks (node_block.c):
 * graph nodes are registered, unregistered and looked up through their
 * block. */
#ifndef INFINIRT_NODE_BLOCK_H_
#define INFINIRT_NODE_BLOCK_H_

#include <stdbool.h>

#include "backend.h"

/* Sets or clears node |h|'s live bit (|h| from infinirt_node_alloc);
 * clearing returns whether it was set. */
bool infinirt_node_set_live(infinirt_handle *h, bool live);

#endif /* INFINIRT_NODE_BLOCK_H_ */
