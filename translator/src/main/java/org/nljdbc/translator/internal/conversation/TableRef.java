package org.nljdbc.translator.internal.conversation;

import org.nljdbc.translator.internal.catalog.TableInfo;

/** A table the query being refined reads, and how the query refers to it. */
record TableRef(TableInfo info, String ref) {
}
