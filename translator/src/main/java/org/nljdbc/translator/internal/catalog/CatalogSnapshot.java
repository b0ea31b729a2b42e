package org.nljdbc.translator.internal.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A catalog as saved for another process (or a restart) to reuse: the catalog the policy-aware reader produced (so
 * never a denied table, a view over one, or a sample of a masked column), the {@link SchemaFingerprint} of the
 * database when it was read, when it was read, and whether its samples are complete. Encoded compactly (a versioned
 * binary form, deflated); {@link #decode} refuses anything it did not write.
 *
 * @param schemaFingerprint {@link SchemaFingerprint#of} when the catalog was read
 * @param readAtMillis      wall-clock time of the read
 * @param sampled           whether sampling finished on it (else a reader samples it again in the background)
 */
public record CatalogSnapshot(Catalog catalog, String schemaFingerprint, long readAtMillis, boolean sampled) {
    private static final int MAGIC = 0x4e4c4353; // "NLCS"
    private static final int VERSION = 2; // 2: the catalog's own fingerprint saved

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                new DeflaterOutputStream(bytes, deflater, 1 << 16), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            Writer w = new Writer(out);
            w.string(schemaFingerprint);
            out.writeLong(readAtMillis);
            out.writeBoolean(sampled);
            w.string(catalog.productName());
            w.string(catalog.productVersion());
            w.string(catalog.fingerprint());
            out.writeInt(catalog.tables().size());
            for (TableInfo t : catalog.tables()) {
                w.string(t.schema());
                w.string(t.name());
                w.string(t.type());
                w.string(t.remarks());
                out.writeLong(t.rowCount());
                out.writeBoolean(t.readsKnown());
                w.strings(t.readsTables());
                w.strings(t.primaryKey());
                out.writeInt(t.columns().size());
                for (ColumnInfo c : t.columns()) {
                    w.string(c.name());
                    w.string(c.typeName());
                    out.writeInt(c.jdbcType());
                    out.writeBoolean(c.nullable());
                    w.string(c.remarks());
                    w.strings(c.sampleValues());
                }
                out.writeInt(t.importedKeys().size());
                for (ForeignKey fk : t.importedKeys()) {
                    w.string(fk.name());
                    w.string(fk.fromTable());
                    w.strings(fk.fromColumns());
                    w.string(fk.toTable());
                    w.strings(fk.toColumns());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    /** The snapshot in {@code data}, or null when it is not one this version wrote (or is damaged). */
    public static CatalogSnapshot decode(byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(data), new java.util.zip.Inflater(), 1 << 16), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return null;
            }
            Reader r = new Reader(in);
            String fingerprint = r.string();
            long readAt = in.readLong();
            boolean sampled = in.readBoolean();
            String product = r.string();
            String version = r.string();
            String catalogFingerprint = r.string();
            int n = in.readInt();
            List<TableInfo> tables = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String schema = r.string();
                String name = r.string();
                String type = r.string();
                String remarks = r.string();
                long rows = in.readLong();
                boolean readsKnown = in.readBoolean();
                List<String> reads = r.strings();
                List<String> pk = r.strings();
                int nc = in.readInt();
                List<ColumnInfo> cols = new ArrayList<>(nc);
                for (int j = 0; j < nc; j++) {
                    cols.add(new ColumnInfo(r.string(), r.string(), in.readInt(), in.readBoolean(), r.string(),
                            r.strings()));
                }
                int nk = in.readInt();
                List<ForeignKey> keys = new ArrayList<>(nk);
                for (int j = 0; j < nk; j++) {
                    keys.add(new ForeignKey(r.string(), r.string(), r.strings(), r.string(), r.strings()));
                }
                tables.add(new TableInfo(schema, name, type, remarks, cols, pk, keys, rows, reads, readsKnown));
            }
            return new CatalogSnapshot(new Catalog(product, version, tables, catalogFingerprint), fingerprint, readAt, sampled);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Strings written once and then referred to by number: a large catalog repeats few distinct names. */
    private static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> seen = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void string(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            Integer id = seen.get(s);
            if (id != null) {
                out.writeInt(id);
                return;
            }
            seen.put(s, seen.size());
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(-2 - b.length);
            out.write(b);
        }

        void strings(List<String> list) throws IOException {
            out.writeInt(list.size());
            for (String s : list) {
                string(s);
            }
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final List<String> seen = new ArrayList<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        String string() throws IOException {
            int v = in.readInt();
            if (v == -1) {
                return null;
            }
            if (v >= 0) {
                return seen.get(v);
            }
            byte[] b = new byte[-2 - v];
            in.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            seen.add(s);
            return s;
        }

        List<String> strings() throws IOException {
            int n = in.readInt();
            if (n == 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(string());
            }
            return out;
        }
    }
}
