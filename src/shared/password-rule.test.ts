import { describe, expect, it } from 'vitest';
import { newPasswordSchema, passwordProblem } from './password-rule.ts';

describe('one password rule for staff and customers', () => {
  it.each([
    [' '.repeat(12), /almeno 12/],
    ['   corta   ', /almeno 12/],
    ['x'.repeat(20), /ripetuto/],
    ['mario.rossi@example.it', /e-mail/],
    ['Password1234', /più usate/],
    ['pass\u0000word-lunga', /non ammessi/],
    ['x'.repeat(201), /al massimo/],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password, { email: 'Mario.Rossi@example.it' })).toMatch(reason);
  });
  it('accepts a long phrase and checks the e-mail only where it is known', () => {
    expect(passwordProblem('una frase lunga e mia')).toBeNull();
    expect(passwordProblem('mario.rossi@example.it')).toBeNull();
    expect(newPasswordSchema.safeParse('           ').success).toBe(false);
    expect(newPasswordSchema.safeParse('una frase lunga e mia').success).toBe(true);
  });
});
