using Leanmote.Application.Common.Querying;
using Leanmote.Domain.Common;
using Leanmote.Infrastructure.Sql;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Common;

public sealed class ListSqlTests
{
    private sealed record Row(TeamId Id, string Name, DateTimeOffset CreatedAt);

    private static readonly QuerySpec Spec = QuerySpec.For<Row>().Sortable("created_at", "name").TextFilter("name").TimestampFilter("created_at");

    private static readonly ColumnMap Columns = new(tieBreak: "t.id") { ["created_at"] = "t.created_at", ["name"] = "t.name" };

    [Test]
    public void Build_SortAndFilters_OrdersByColumnThenIdAndBindsValues()
    {
        var options = QueryOptionsParser.Parse(Spec, QueryParameters.Of(("sort", "name"), ("order", "asc"), ("name", "Platform"),
            ("created_at[gte]", "2024-01-01"), ("page", "3"), ("per_page", "20"))).Value;

        var list = ListSql.Build("t.id, t.name", "FROM teams t WHERE t.organization_id = ANY(@OrganizationIds)", Columns, options);

        Assert.That(list.Sql, Does.Contain("SELECT count(*) FROM teams t WHERE t.organization_id = ANY(@OrganizationIds) AND t.name = @F0 AND t.created_at >= @F1;"));
        Assert.That(list.Sql, Does.Contain("ORDER BY t.name ASC, t.id ASC"));
        Assert.That(list.Sql, Does.Contain("LIMIT @Limit OFFSET @Offset"));
        Assert.That(list.Parameters.Get<string>("F0"), Is.EqualTo("Platform"));
        Assert.That(list.Parameters.Get<int>("Limit"), Is.EqualTo(20));
        Assert.That(list.Parameters.Get<long>("Offset"), Is.EqualTo(40L));
    }

    [TestCase("sort", "name; DROP TABLE users")]
    [TestCase("sort", "created_at desc--")]
    [TestCase("order", "asc; DELETE FROM teams")]
    [TestCase("name", "x') OR 1=1 --")]
    [TestCase("fields", "id,(SELECT 1)")]
    [TestCase("name[gte]", "a")]
    [TestCase("t.name", "x")]
    public void Build_HostileInput_NeverReachesSqlText(string key, string value)
    {
        var parsed = QueryOptionsParser.Parse(Spec, QueryParameters.Of((key, value)));
        if (!parsed.IsSuccess)
        {
            Assert.Pass("rejected before any SQL was built");
        }
        var list = ListSql.Build("t.id", "FROM teams t WHERE true", Columns, parsed.Value);
        Assert.That(list.Sql, Does.Not.Contain(value));
        Assert.That(list.Sql, Does.Not.Contain("DROP").And.Not.Contain("1=1"));
    }
}
