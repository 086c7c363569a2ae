namespace Leanmote.Domain.Common;

/// <summary>A user's identity mapping in one app (a <c>user_apps</c> row): <c>uapp_&lt;n&gt;</c>.</summary>
public readonly record struct UserAppId(long Value) : IPublicId<UserAppId>
{
    public static string Prefix => "uapp";
    public static UserAppId From(long value) => new(value);
    public override string ToString() => PublicId.Format(Prefix, Value);
}
