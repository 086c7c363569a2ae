using FluentValidation;
using Leanmote.Application.Common;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Organizations;
using Mediator;
using NUnit.Framework;

namespace Leanmote.UnitTests.Application.Behaviours;

public sealed record ValidatedProbe(string? ExpiresAt, int PerPage) : IQuery<Result<string>>;

[TestFixture]
public sealed class ValidationBehaviourTests
{
    private int _nextCalls;

    private sealed class ExpiresValidator : AbstractValidator<ValidatedProbe>
    {
        public ExpiresValidator() => RuleFor(p => p.ExpiresAt).NotEmpty().WithMessage("is required");
    }

    private sealed class PerPageValidator : AbstractValidator<ValidatedProbe>
    {
        public PerPageValidator() => RuleFor(p => p.PerPage).InclusiveBetween(1, 100).WithMessage("must be between 1 and 100");
    }

    private ValueTask<Result<string>> Next(ValidatedProbe message, CancellationToken ct)
    {
        _nextCalls++;
        return ValueTask.FromResult<Result<string>>("handled");
    }

    private async Task<Result<string>> RunAsync(ValidatedProbe probe, params IValidator<ValidatedProbe>[] validators)
    {
        _nextCalls = 0;
        return await new ValidationBehaviour<ValidatedProbe, Result<string>>(validators).Handle(probe, Next, CancellationToken.None);
    }

    [Test]
    public async Task Handle_NoValidators_RunsNext()
    {
        var result = await RunAsync(new ValidatedProbe(null, 0));
        Assert.That((result.Value, _nextCalls), Is.EqualTo(("handled", 1)));
    }

    [Test]
    public async Task Handle_ValidMessage_RunsNext()
    {
        var result = await RunAsync(new ValidatedProbe("x", 5), new ExpiresValidator(), new PerPageValidator());
        Assert.That((result.IsSuccess, _nextCalls), Is.EqualTo((true, 1)));
    }

    [Test]
    public async Task Handle_Failures_AreOneValidationErrorWithApiFieldNames()
    {
        var result = await RunAsync(new ValidatedProbe(null, 0), new ExpiresValidator(), new PerPageValidator());
        Assert.That((result.Error?.Code, _nextCalls), Is.EqualTo(((ErrorCode?)ErrorCode.Validation, 0)));
        Assert.That(result.Error!.Details, Is.EqualTo(new[] { new ErrorDetail("expires_at", "is required"), new ErrorDetail("per_page", "must be between 1 and 100") }));
        Assert.That(result.Error.Message, Is.EqualTo("expires_at is required"));
    }
}

[TestFixture]
public sealed class QueryOptionsBehaviourTests
{
    private ListOrganizations.Query? _received;

    private ValueTask<Result<Page<OrganizationView>>> Next(ListOrganizations.Query message, CancellationToken ct)
    {
        _received = message;
        return ValueTask.FromResult<Result<Page<OrganizationView>>>(Page.Of<OrganizationView>([], 0, message.Options));
    }

    private async Task<(Result<Page<OrganizationView>> Result, RequestContext Request)> RunAsync(params (string, string)[] pairs)
    {
        _received = null;
        var request = new RequestContext();
        var result = await new QueryOptionsBehaviour<ListOrganizations.Query, Result<Page<OrganizationView>>>(request)
            .Handle(new ListOrganizations.Query(QueryParameters.Of(pairs)), Next, CancellationToken.None);
        return (result, request);
    }

    [Test]
    public async Task Handle_ValidParameters_PassesParsedOptionsAndFieldsOn()
    {
        var (result, request) = await RunAsync(("page", "2"), ("sort", "name"), ("order", "asc"), ("fields", "id,name"));
        Assert.That(result.IsSuccess, Is.True);
        Assert.That((_received!.Options.Page, _received.Options.Sort, _received.Options.Order), Is.EqualTo((2, "name", SortOrder.Asc)));
        Assert.That(request.Fields, Is.EqualTo(new[] { "id", "name" }));
    }

    [Test]
    public async Task Handle_NoParameters_PassesDefaultsAndNoFields()
    {
        var (_, request) = await RunAsync();
        Assert.That((_received!.Options.Page, _received.Options.PerPage, request.Fields), Is.EqualTo((1, 50, (IReadOnlyList<string>?)null)));
    }

    [Test]
    public async Task Handle_InvalidParameters_FailsWithoutRunningNext()
    {
        var (result, _) = await RunAsync(("per_page", "0"));
        Assert.That((result.Error?.Message, _received), Is.EqualTo(("per_page must be between 1 and 100", (ListOrganizations.Query?)null)));
    }
}
