package dev.retort.sql;

import java.util.List;

/**
 * Every node kind of the expression language, so that a reader can find a kind by name
 * (declarations register when their class initialises; this list initialises them all).
 */
final class CoreNodes {
    private CoreNodes() {
    }

    static final List<Traversal<?>> ALL = List.of(
            Alias.TRAVERSAL, BinaryExpression.TRAVERSAL, BindParameter.TRAVERSAL, BooleanClauseList.TRAVERSAL,
            BooleanLiteral.TRAVERSAL, CTE.TRAVERSAL, Case.TRAVERSAL, Cast.TRAVERSAL, ClauseList.TRAVERSAL,
            ColumnClause.TRAVERSAL, ColumnProxy.TRAVERSAL, CompoundSelect.TRAVERSAL, Delete.TRAVERSAL, Exists.TRAVERSAL,
            FunctionCall.TRAVERSAL, Grouping.TRAVERSAL, Insert.TRAVERSAL, Join.TRAVERSAL, Label.TRAVERSAL, Null.TRAVERSAL,
            Over.TRAVERSAL, ScalarSelect.TRAVERSAL, Select.TRAVERSAL, TableClause.TRAVERSAL, TextClause.TRAVERSAL,
            UnaryExpression.TRAVERSAL, Update.TRAVERSAL, ForUpdate.TRAVERSAL, FunctionFilter.TRAVERSAL, Extract.TRAVERSAL,
            Excluded.TRAVERSAL, OnConflict.TRAVERSAL, OnDuplicateKey.TRAVERSAL, CustomOp.TRAVERSAL,
            Tuple.TRAVERSAL, Fetch.TRAVERSAL, WithinGroup.TRAVERSAL, Lateral.TRAVERSAL,
            Values.TRAVERSAL, TextualSelect.TRAVERSAL, LabelReference.TRAVERSAL, CustomUnaryOp.TRAVERSAL, TextFrom.TRAVERSAL,
            Collation.TRAVERSAL, AggregateOrderBy.TRAVERSAL, TableValuedAlias.TRAVERSAL, TableValuedColumn.TRAVERSAL,
            ScalarFunctionColumn.TRAVERSAL, UnnamedValues.TRAVERSAL, TypeCoerce.TRAVERSAL, Prefix.TRAVERSAL, OrderByList.TRAVERSAL,
            ScalarValues.TRAVERSAL,
            ArrayLiteral.TRAVERSAL, NextValue.TRAVERSAL, Hint.TRAVERSAL, FunctionFrom.TRAVERSAL,
            FunctionComparison.TRAVERSAL, DmlColumnValue.TRAVERSAL, TableSample.TRAVERSAL);

    /** Calling this initialises the class, and so every kind in {@link #ALL}. */
    static void ensureLoaded() {
        // Initialisation of this class does the work.
    }
}
