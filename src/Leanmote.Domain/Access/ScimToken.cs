using System.Security.Cryptography;

namespace Leanmote.Domain.Access;

/// <summary>
/// SCIM bearer tokens (scim.md §3.1): <c>lmscim_</c> + 43 base64url characters (32 CSPRNG bytes), stored like API
/// tokens as hex(SHA256(token + salt)), previewed as the prefix plus the first five secret characters. The
/// prefix tells the two kinds of token apart in logs and in the authentication code.
/// </summary>
public static class ScimToken
{
    public const string Prefix = "lmscim_";
    public const int PreviewLength = 5;
    public const int MaxActivePerOrganization = 5;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool HasPrefix(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Hash(string token, string salt) => ApiToken.Hash(token, salt);

    public static string Preview(string token) =>
        token.Length <= Prefix.Length + PreviewLength ? token : token[..(Prefix.Length + PreviewLength)];
}
