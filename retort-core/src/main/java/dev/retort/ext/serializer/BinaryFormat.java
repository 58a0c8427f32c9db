package dev.retort.ext.serializer;

/** Constants of the binary format; docs/serialization-format.md describes it in full. */
final class BinaryFormat {
    private BinaryFormat() {
    }

    /** The first four bytes: 0x89 (never the start of text), then "RQS". */
    static final byte[] MAGIC = {(byte) 0x89, 'R', 'Q', 'S'};
    static final int MAJOR = 1;
    /**
     * 1.1 added the ORM: entity, session and engine references, and the {@code orm_*} node kinds;
     * 1.2 compaction; 1.3 durations (tag 35), the type kinds JSONB, ENUM, ARRAY, INTERVAL, OTHER and
     * the built-in codec types {@code retort.enum}, {@code retort.array}, {@code retort.domain},
     * {@code retort.named}; 1.4 the kinds {@code for_update} and {@code function_filter}, the
     * attributes {@code select.forUpdate} and {@code cte.restates}, and new operators; 1.5 the
     * {@code extract} kind and the pattern-match operators; 1.6 the JSON and array operators and
     * the codec type {@code retort.json_path}; 1.7 upserts; 1.8 the SQL breadth constructs (custom
     * and bitwise operators, ...; see docs/serialization-format.md); 1.9 the binary attributes
     * {@code escape} and {@code flags} and the operators of SQLAlchemy's compiler suite (case-insensitive
     * pattern matches, BETWEEN SYMMETRIC, MATCH, REGEXP_REPLACE with flags); 1.13 the codec type
     * {@code retort.mysql} (MySQL's own column types with their options); 1.14
     * the codec type {@code retort.checked_boolean}, the attribute {@code over.exclude}, the
     * column loader options' attributes {@code orm_loader.columns}, {@code group}, {@code raiseload}
     * and {@code innerJoin}, the ORM's loader criteria ({@code orm_loader_criteria}) and a
     * relationship attribute's extra criteria, and the attributes {@code orm_aliased.withPolymorphic}
     * and {@code orm_aliased.polymorphicMappers}; 1.15 the attribute
     * {@code orm_loader.joinKind} (a joined load's outer or unnested inner join), the attributes
     * {@code insert.returnDefaults} and {@code insert.returnDefaultsColumns}, the node kind
     * {@code hint} and the attributes {@code select.hints}, {@code update.hints}, {@code update.limit},
     * {@code delete.hints} and {@code delete.limit}, the node kind {@code function_from} and the
     * attribute {@code function.quoted}, and {@code orm_query.baseAlias} (a set operation's subquery)
     * and {@code orm_loader.into} (containsEager's alias); 1.16 the attributes {@code values.name},
     * {@code insert.fromSelectWithoutDefaults} and {@code bindparam.supplier} (always refused when
     * set: a value asked at execution is not written), the node kind {@code function_comparison},
     * the kinds of an application's {@code CustomElement}s (loaded only when allowed), precisions of
     * the time and float types, and {@code orm_query.prefixes}, {@code suffixes}, {@code hints} and
     * {@code fromStatement}; 1.17 the annotation {@code select.origin} (the ORM query a statement was
     * made from, node kind {@code orm_statement_origin}, so that nested loader criteria survive a round
     * trip), {@code orm_loader.bound} (an entity-bound wildcard), {@code orm_query.labelStyle}, the
     * attributes {@code returnDefaultsSupplemental} of {@code insert}, {@code update} and {@code delete}
     * and {@code returnDefaults}/{@code returnDefaultsColumns} of {@code update} and {@code delete}, the
     * node kind {@code from_dml_column} and the type kind {@code TIMETZ}; 1.18 the codec type
     * {@code retort.converted} (an annotated field's {@code @Convert} or ordinal enum, taken back only
     * from a column of the loading side's MetaData), the attributes {@code case.value} (a simple CASE),
     * {@code values.addedCtes}, {@code orm_attribute.ofType}, {@code orm_aliased.targetOf} (the aliased
     * class a relationship targets) and {@code orm_loader.expression} ({@code withExpression}), and the
     * length of a {@code LARGE_BINARY} type; 1.19 the node kinds {@code tablesample} and {@code orm_bundle}.
     */
    static final int MINOR = 19;

    static final int NULL = 0;
    static final int FALSE = 1;
    static final int TRUE = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int SHORT = 5;
    static final int DOUBLE = 6;
    static final int FLOAT = 7;
    static final int STRING = 8;
    // 9, 10 and 13 to 17: ScalarTag
    static final int BYTES = 11;
    static final int UUID = 12;
    static final int LIST = 18;
    static final int ENUM = 19;
    static final int CODEC_VALUE = 20;
    static final int SQL_TYPE = 21;
    static final int CODEC_TYPE = 22;
    static final int NODE = 23;
    static final int REF = 24;
    static final int TABLE_REF = 25;
    static final int COLUMN_REF = 26;
    static final int LIGHT_TABLE = 27;
    static final int LIGHT_COLUMN = 28;
    static final int ENTITY_REF = 29;
    static final int SESSION_REF = 30;
    static final int ENGINE_REF = 31;
    /** A type written before in this document, by its position among the types written so far. */
    static final int TYPE_REF = 32;
    /** A node with exactly its kind's declared attributes: no count (version 1.2). */
    static final int DECLARED_NODE = 33;
    /** A built-in type whose kind is a one-byte code of {@link #TYPE_KINDS} (version 1.2). */
    static final int CODED_SQL_TYPE = 34;

    /** The built-in type kinds by their code in {@link #CODED_SQL_TYPE}; codes never change. */
    static final java.util.List<String> TYPE_KINDS = java.util.List.of(
            "NULL", "INTEGER", "BIGINT", "SMALLINT", "BOOLEAN", "FLOAT", "DOUBLE", "NUMERIC", "STRING", "TEXT",
            "DATE", "TIME", "DATETIME", "TIMESTAMP", "BINARY", "UUID", "JSON");
}
