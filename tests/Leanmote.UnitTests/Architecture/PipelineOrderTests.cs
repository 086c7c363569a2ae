using Leanmote.Application;
using Leanmote.Application.Access;
using Leanmote.Application.Common.Behaviours;
using Leanmote.Application.Common.Idempotency;
using Leanmote.Application.Common.Querying;
using Leanmote.Application.Common.Results;
using Leanmote.Application.Delivery;
using Leanmote.Application.Meta;
using Leanmote.Application.Organizations;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using NUnit.Framework;

namespace Leanmote.UnitTests.Architecture;

[TestFixture]
public sealed class PipelineOrderTests
{
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddSingleton(Options.Create(new AccessOptions()));
        services.AddSingleton(Mock.Of<ITokenStore>());
        services.AddSingleton(Mock.Of<IRateLimitStore>());
        services.AddSingleton(Mock.Of<IAccessReader>());
        services.AddSingleton(Mock.Of<IApiCredentialStore>());
        services.AddSingleton(Mock.Of<IOrganizationReader>());
        services.AddSingleton(Mock.Of<IHealthProbe>());
        services.AddSingleton(Mock.Of<IDeliveryReader>());
        services.AddSingleton(Mock.Of<IDeliveryStore>());
        services.AddSingleton(Mock.Of<IIdempotencyStore>());
        services.AddSingleton(Mock.Of<IResponseCodec>());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    [OneTimeTearDown]
    public void Dispose() => _services.Dispose();

    private Type[] Pipeline<TMessage, TResponse>() where TMessage : IMessage
    {
        using var scope = _services.CreateScope();
        return [.. scope.ServiceProvider.GetServices<IPipelineBehavior<TMessage, TResponse>>().Select(b => b.GetType().GetGenericTypeDefinition())];
    }

    [Test]
    public void ListOrganizations_Pipeline_RunsOutermostFirstInTheDocumentedOrder() =>
        Assert.That(Pipeline<ListOrganizations.Query, Result<Page<OrganizationView>>>(), Is.EqualTo(new[]
        {
            typeof(LoggingBehaviour<,>),
            typeof(AuthenticationBehaviour<,>),
            typeof(RateLimitBehaviour<,>),
            typeof(AuthorizationBehaviour<,>),
            typeof(ValidationBehaviour<,>),
            typeof(QueryOptionsBehaviour<,>),
        }));

    [Test]
    public void IdempotentCommand_Pipeline_EndsWithIdempotency() =>
        Assert.That(Pipeline<ReportDeployment.Command, Result<Upserted<DeploymentView>>>(), Is.EqualTo(new[]
        {
            typeof(LoggingBehaviour<,>),
            typeof(AuthenticationBehaviour<,>),
            typeof(RateLimitBehaviour<,>),
            typeof(AuthorizationBehaviour<,>),
            typeof(ValidationBehaviour<,>),
            typeof(QueryOptionsBehaviour<,>),
            typeof(IdempotencyBehaviour<,>),
        }));

    [Test]
    public void GetHealth_Pipeline_HasNoAuthenticationRateLimitOrAuthorization()
    {
        var pipeline = Pipeline<GetHealth.Query, Result<HealthView>>();
        Assert.That(pipeline, Does.Contain(typeof(LoggingBehaviour<,>)));
        Assert.That(pipeline, Has.None.EqualTo(typeof(AuthenticationBehaviour<,>))
            .And.None.EqualTo(typeof(RateLimitBehaviour<,>))
            .And.None.EqualTo(typeof(AuthorizationBehaviour<,>)));
    }

    [Test]
    public void Mediator_IsScoped_SoBehavioursShareTheRequestContext()
    {
        using var first = _services.CreateScope();
        using var second = _services.CreateScope();
        var a = first.ServiceProvider.GetRequiredService<Leanmote.Application.Common.RequestContext>();
        Assert.That(first.ServiceProvider.GetRequiredService<Leanmote.Application.Common.RequestContext>(), Is.SameAs(a));
        Assert.That(second.ServiceProvider.GetRequiredService<Leanmote.Application.Common.RequestContext>(), Is.Not.SameAs(a));
    }
}
