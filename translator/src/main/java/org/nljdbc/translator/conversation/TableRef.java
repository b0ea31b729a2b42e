package org.nljdbc.translator.conversation;

import org.nljdbc.translator.catalog.TableInfo;

/** A table the query being refined reads, and how the query refers to it. */
record TableRef(TableInfo info, String ref) {
}
