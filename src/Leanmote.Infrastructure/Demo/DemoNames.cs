namespace Leanmote.Infrastructure.Demo;

/// <summary>Word lists the demo draws names, titles and messages from (read-only).</summary>
internal static class DemoNames
{
    public static IReadOnlyList<string> FirstNames { get; } =
    [
        "Aaron", "Abigail", "Adrian", "Aisha", "Alan", "Alice", "Amara", "Andrea", "Arjun", "Beatriz",
        "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Daniel", "Daria", "David", "Diego", "Elena",
        "Emeka", "Emily", "Ethan", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah",
        "Hugo", "Ines", "Isaac", "Ivan", "Jack", "James", "Jana", "Javier", "Jing", "Jonas",
        "Julia", "Kai", "Karim", "Kate", "Kenji", "Lars", "Laura", "Leila", "Liam", "Lucas",
        "Lucia", "Maya", "Marco", "Maria", "Mateo", "Mei", "Mia", "Nadia", "Nathan", "Nia",
        "Noah", "Nora", "Olga", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Quentin", "Rafael",
        "Rania", "Ravi", "Rosa", "Ruth", "Samir", "Sara", "Sean", "Sofia", "Tariq", "Theo",
        "Tom", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zara",
    ];

    public static IReadOnlyList<string> LastNames { get; } =
    [
        "Adeyemi", "Alvarez", "Andersen", "Baker", "Bauer", "Becker", "Brennan", "Carter", "Castro", "Chen",
        "Costa", "Dubois", "Eriksen", "Evans", "Fischer", "Fernandes", "Garcia", "Gupta", "Hansen", "Hoffmann",
        "Hughes", "Ibrahim", "Ito", "Jensen", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Lee",
        "Lopez", "Martin", "Meyer", "Mendes", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor",
        "Olsen", "Patel", "Petrov", "Popescu", "Quinn", "Ramos", "Reyes", "Rossi", "Sato", "Schmidt",
        "Silva", "Singh", "Smith", "Sousa", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Varga",
        "Wagner", "Walsh", "Wang", "Weber", "Williams", "Wilson", "Wong", "Yamamoto", "Young", "Zhang",
    ];

    public static IReadOnlyList<string> EngineerTitles { get; } =
    [
        "Software Engineer", "Software Engineer", "Senior Software Engineer", "Senior Software Engineer",
        "Staff Engineer", "Backend Engineer", "Frontend Engineer", "Mobile Engineer", "QA Engineer",
        "Site Reliability Engineer", "Data Engineer", "Product Designer", "Product Manager",
    ];

    public static IReadOnlyList<string> TimeZones { get; } =
    [
        "UTC", "Europe/London", "Europe/Berlin", "Europe/Lisbon", "America/New_York", "America/Sao_Paulo",
        "America/Los_Angeles", "Asia/Kolkata",
    ];

    public static IReadOnlyList<string> TeamNames { get; } =
    [
        "Platform", "Infrastructure", "Payments", "Checkout", "Mobile", "Storefront", "Legacy Core", "Growth",
        "Identity", "Search", "Billing", "Notifications", "Reliability", "Analytics", "Onboarding", "Security",
        "Catalog", "Pricing", "Messaging", "Integrations", "Developer Experience", "Machine Learning", "Reporting", "Storage",
        "Logistics", "Fraud", "Partnerships", "Accessibility", "Performance", "Localization", "Compliance", "Design Systems",
        "Marketplace", "Subscriptions", "Support Tools", "Observability", "Networking", "Ledger", "Recommendations", "Admin Tools",
    ];

    public static IReadOnlyList<string> RepositorySuffixes { get; } =
        ["api", "service", "web", "worker", "sdk", "infra", "jobs", "gateway", "ui", "pipeline"];

    public static IReadOnlyList<string> Verbs { get; } =
    [
        "Add", "Fix", "Refactor", "Update", "Remove", "Improve", "Rename", "Handle", "Support", "Simplify",
        "Extract", "Cache", "Validate", "Document", "Test",
    ];

    public static IReadOnlyList<string> Things { get; } =
    [
        "retry on webhook delivery", "null check in invoice export", "pagination of the team list", "login rate limit",
        "currency rounding", "flaky checkout test", "search index mapping", "feature flag for new onboarding",
        "timeout in the payment client", "audit log entries", "dark mode toggle", "CSV export",
        "database connection pool", "push notification payload", "OAuth callback handling", "cache invalidation",
        "error messages on signup", "metrics for queue depth", "slow dashboard query", "memory leak in worker",
        "i18n strings", "API docs for orders", "health check endpoint", "deprecated endpoints",
        "billing cycle calculation", "user avatar upload", "session expiry", "CI pipeline caching",
        "report scheduling", "email templates", "image resizing", "permissions check on projects",
        "duplicate event handling", "date parsing", "accessibility labels", "GraphQL schema",
        "order status transitions", "mobile deep links", "password reset flow", "invoice PDF layout",
    ];

    public static IReadOnlyList<string> Labels { get; } =
        ["feature", "bug", "refactor", "tech-debt", "documentation", "performance", "security", "ui"];

    public static IReadOnlyList<string> Dependencies { get; } =
        ["axios", "lodash", "serilog", "npgsql", "react", "typescript", "eslint", "jest", "polly", "newtonsoft.json", "webpack", "pydantic"];

    public static IReadOnlyList<string> Priorities { get; } = ["highest", "high", "medium", "medium", "medium", "low", "lowest"];

    public static IReadOnlyList<string?> Severities { get; } = ["sev1", "sev2", "sev2", "sev3", "sev3", "sev3", null];

    public static IReadOnlyList<string> IncidentTitles { get; } =
    [
        "Elevated 5xx error rate", "Checkout latency above SLO", "Background jobs stuck in queue", "Login failures for SSO users",
        "Webhook deliveries failing", "Database CPU saturation", "Missing events in analytics", "Push notifications delayed",
    ];

    public static IReadOnlyList<string> SmallOrganizations { get; } =
    [
        "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Wonka", "Soylent", "Cyberdyne",
        "Tyrell", "Vandelay", "Pied Piper", "Dunder Mifflin", "Oscorp", "Massive Dynamic", "Aperture", "Black Mesa",
        "Gringotts", "Monsters Inc", "Nakatomi", "Prestige Worldwide",
    ];

    public static string Title(Random random) => $"{random.Pick(Verbs)} {random.Pick(Things)}";

    public static string Slug(string text) =>
        string.Concat(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}
