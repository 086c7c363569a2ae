using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Infrastructure.Sql;
using NUnit.Framework;

namespace Leanmote.UnitTests.Infrastructure;

public sealed record SqlProbeView(string Name, string Email, DateTimeOffset CreatedAt);

[TestFixture]
public sealed class ListSqlTests
{
    private const string Select = "u.id, u.name";
    private const string From = "FROM users u WHERE u.org = @OrganizationId";

    private static readonly ColumnMap Columns = new(tieBreak: "u.id")
    {
        ["created_at"] = "u.created_at",
        ["name"] = "u.name",
        ["email"] = "u.email",
    };

    private static readonly QuerySpec Spec = QuerySpec.For<SqlProbeView>()
        .Sortable("created_at", "name")
        .TextFilter("email")
        .TimestampFilter("created_at");

    private static QueryOptions Options(params (string Key, string Value)[] pairs)
    {
        var parsed = QueryOptionsParser.Parse(Spec, QueryParameters.Of(pairs));
        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.Message);
        return parsed.Value;
    }

    private static string Normalise(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Test]
    public void Build_Defaults_CountsThenPagesByCreatedAtDescWithTieBreak()
    {
        var list = ListSql.Build(Select, From, Columns, Options());
        Assert.That(Normalise(list.Sql), Is.EqualTo(
            "SELECT count(*) FROM users u WHERE u.org = @OrganizationId; " +
            "SELECT u.id, u.name FROM users u WHERE u.org = @OrganizationId " +
            "ORDER BY u.created_at DESC, u.id DESC LIMIT @Limit OFFSET @Offset;"));
        Assert.That((list.Parameters.Get<int>("Limit"), list.Parameters.Get<long>("Offset")), Is.EqualTo((50, 0L)));
    }

    [Test]
    public void Build_SortAscAndPage_UsesMappedColumnAndOffset()
    {
        var list = ListSql.Build(Select, From, Columns, Options(("sort", "name"), ("order", "asc"), ("page", "3"), ("per_page", "20")));
        Assert.That(Normalise(list.Sql), Does.Contain("ORDER BY u.name ASC, u.id ASC LIMIT @Limit OFFSET @Offset"));
        Assert.That((list.Parameters.Get<int>("Limit"), list.Parameters.Get<long>("Offset")), Is.EqualTo((20, 40L)));
    }

    [Test]
    public void Build_Filters_BecomeNumberedParametersInBothStatements()
    {
        var options = Options(("email", "a@b.c"), ("created_at[gte]", "2024-01-01"), ("created_at[lte]", "2024-01-31"));
        var list = ListSql.Build(Select, From, Columns, options);
        var predicates = " AND u.email = @F0 AND u.created_at >= @F1 AND u.created_at < @F2";
        Assert.That(Normalise(list.Sql), Does.Contain("WHERE u.org = @OrganizationId" + predicates + ";"));
        Assert.That(Normalise(list.Sql), Does.Contain("WHERE u.org = @OrganizationId" + predicates + " ORDER BY"));
        Assert.That(list.Parameters.ParameterNames, Is.EquivalentTo(new[] { "F0", "F1", "F2", "Limit", "Offset" }));
        Assert.That(list.Parameters.Get<object>("F0"), Is.EqualTo("a@b.c"));
        Assert.That(list.Parameters.Get<object>("F1"), Is.EqualTo(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(list.Parameters.Get<object>("F2"), Is.EqualTo(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [TestCase(FilterOperator.Eq, "=")]
    [TestCase(FilterOperator.Gte, ">=")]
    [TestCase(FilterOperator.Gt, ">")]
    [TestCase(FilterOperator.Lte, "<=")]
    [TestCase(FilterOperator.Lt, "<")]
    public void Build_Operator_IsSpelledInSql(FilterOperator op, string sql)
    {
        var options = QueryOptions.Unset with { Filters = [new FilterCondition("created_at", op, DateTimeOffset.UnixEpoch)] };
        Assert.That(Normalise(ListSql.Build(Select, From, Columns, options).Sql), Does.Contain($"AND u.created_at {sql} @F0;"));
    }

    [Test]
    public void Build_UnmappedField_Throws()
    {
        var options = QueryOptions.Unset with { Sort = "name; DROP TABLE users" };
        Assert.That(() => ListSql.Build(Select, From, Columns, options), Throws.InvalidOperationException);
    }

    [TestCase("sort", "name; DROP TABLE users")]
    [TestCase("sort", "created_at desc--")]
    [TestCase("order", "desc; DROP TABLE users")]
    [TestCase("fields", "name; DROP TABLE users")]
    [TestCase("x') OR 1=1", "1")]
    [TestCase("created_at[gte]", "x') OR 1=1")]
    [TestCase("created_at[gte) OR 1=1--]", "2024-01-01")]
    public void Parse_HostileKeyOrValue_NeverReachesSql(string key, string value)
    {
        var parsed = QueryOptionsParser.Parse(Spec, QueryParameters.Of((key, value)));
        Assert.That(parsed.IsSuccess, Is.False, "a hostile sort, order, field or key must be a validation error");
        Assert.That(parsed.Error!.Code, Is.EqualTo(ErrorCode.Validation));
    }

    [TestCase("x') OR 1=1")]
    [TestCase("name; DROP TABLE users")]
    [TestCase("created_at desc--")]
    public void Build_HostileFilterValue_TravelsOnlyAsParameter(string hostile)
    {
        var list = ListSql.Build(Select, From, Columns, Options(("email", hostile), ("sort", "name")));
        Assert.That(list.Sql, Does.Not.Contain(hostile));
        Assert.That(list.Sql, Does.Not.Contain("OR 1=1").And.Not.Contain("DROP").And.Not.Contain("--"));
        Assert.That(list.Parameters.Get<object>("F0"), Is.EqualTo(hostile));
    }
}
