using Leanmote.Application.Calendar;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Security;
using Leanmote.Application.Interactions;
using Leanmote.Domain.Common;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Interactions;

[TestFixture]
public sealed class PeoplePrivateHandlersTests
{
    private static readonly PeopleVisibility People = new([1], [new VisiblePerson(2, 10)]);

    [Test]
    public async Task ListInteractions_HandsTheRequestsPeopleVisibilityToTheReader()
    {
        var reader = new Mock<IInteractionReader>();
        reader.Setup(r => r.ListAsync(QueryOptions.Unset, new long[] { 1, 2 }, People, It.IsAny<CancellationToken>())).ReturnsAsync(([], 0L));
        var request = new RequestContext { Scope = [1, 2], People = People };
        var result = await new ListInteractions.Handler(reader.Object, request).Handle(new ListInteractions.Query(QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.IsSuccess, Is.True);
        reader.VerifyAll();
    }

    [Test]
    public async Task ListUserInteractions_HandsTheUserAndVisibility()
    {
        var reader = new Mock<IInteractionReader>();
        reader.Setup(r => r.ListOfUserAsync(new UserId(4), QueryOptions.Unset, new long[] { 1 }, People, It.IsAny<CancellationToken>())).ReturnsAsync(([], 0L));
        var request = new RequestContext { Scope = [1], People = People };
        var result = await new ListUserInteractions.Handler(reader.Object, request).Handle(new ListUserInteractions.Query("usr_4", QueryParameters.Empty), CancellationToken.None);
        Assert.That(result.IsSuccess, Is.True);
        reader.VerifyAll();
    }

    [Test]
    public void PeoplePrivateRoutes_DeclarePeopleRules()
    {
        Assert.That(new ListInteractions.Query(QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller)));
        Assert.That(new ListTeamInteractions.Query("team_1", QueryParameters.Empty).Access,
            Is.EqualTo(AccessRequirement.PeoplePrivateList(AccessRequirement.MemberOfOwner(ResourceKind.Team, "team_1"))));
        Assert.That(new GetInteraction.Query("int_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivate(ResourceKind.Interaction, "int_1")));
        Assert.That(new ListCalendars.Query(QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller)));
        Assert.That(new GetCalendar.Query("cal_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivate(ResourceKind.Calendar, "cal_1")));
        Assert.That(new ListCalendarEvents.Query(QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivateList(AccessRequirement.AnyCaller)));
        Assert.That(new GetCalendarEvent.Query("evt_1", QueryParameters.Empty).Access, Is.EqualTo(AccessRequirement.PeoplePrivate(ResourceKind.CalendarEvent, "evt_1")));
    }
}
