using Dapper;
using Leanmote.Application.Common.Security;

namespace Leanmote.Infrastructure.Sql;

/// <summary>
/// The SQL face of <see cref="PeopleVisibility"/> (ADR 0010). A people-private reader adds
/// <c>AND (x.organization_id = ANY(@OpenOrganizationIds) OR (x.organization_id, x.person_id) IN {Pairs} …)</c>
/// with one pair test per people column, and binds the arrays with <see cref="Bind"/>.
/// </summary>
internal static class VisiblePeopleSql
{
    /// <summary>The (organization, user) pairs whose rows are visible outside the open organizations.</summary>
    public const string Pairs = "(SELECT v.o, v.u FROM unnest(@VisibleOrganizationIds, @VisibleUserIds) AS v(o, u))";

    public static void Bind(DynamicParameters parameters, PeopleVisibility people)
    {
        parameters.Add("OpenOrganizationIds", people.OpenOrganizationIds.ToArray());
        parameters.Add("VisibleOrganizationIds", people.People.Select(p => p.OrganizationId).ToArray());
        parameters.Add("VisibleUserIds", people.People.Select(p => p.UserId).ToArray());
    }
}
