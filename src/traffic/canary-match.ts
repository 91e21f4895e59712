import { Problems } from '../core/problems';

// RFC 9110 token: what an HTTP header or cookie name may hold.
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** What a CanaryMatch looks at. */
export enum CanaryMatchType {
  /** An HTTP header with an exact value. */
  HEADER = 'header',
  /** A cookie with the value `always`. */
  COOKIE = 'cookie',
}

/**
 * Sends matching requests to the canary whatever the weight (A/B testing), where the router can
 * match on them.
 */
export class CanaryMatch {
  /** Requests carrying header `name` with exactly `value`. */
  public static header(name: string, value: string): CanaryMatch {
    return new CanaryMatch(CanaryMatchType.HEADER, name, value);
  }

  /**
   * Requests carrying cookie `name` with the value `always` (NGINX Ingress' convention; Istio matches
   * the same with a regular expression on the Cookie header). The Gateway API cannot match cookies.
   */
  public static cookie(name: string): CanaryMatch {
    return new CanaryMatch(CanaryMatchType.COOKIE, name, 'always');
  }

  private constructor(
    /** Whether it matches a header or a cookie. */
    public readonly type: CanaryMatchType,
    /** The header or cookie name. */
    public readonly name: string,
    /** The value that selects the canary. */
    public readonly value: string,
  ) {}

  /** @internal */
  public _check(problems: Problems, prop: string): void {
    problems.check(typeof this.name === 'string' && TOKEN.test(this.name), `${prop}.name`, this.name, `a ${this.type} name is an HTTP token (letters, digits and !#$%&'*+.^_\`|~-)`);
    problems.check(typeof this.value === 'string' && this.value.length > 0 && !/[\r\n]/.test(this.value), `${prop}.value`, this.value, 'a header value is a non-empty single line');
  }

  /** `header X-Canary: always`, for messages. */
  public toString(): string {
    return `${this.type} ${this.name}${this.type === CanaryMatchType.HEADER ? `: ${this.value}` : `=${this.value}`}`;
  }
}
