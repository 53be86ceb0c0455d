import { describe, expect, it } from 'vitest';
import { compareRoutes, compileRoute } from '../../infra/devhost/route-template.js';

describe('route templates', () => {
  it('matches literals case-insensitively and extracts parameters', () => {
    const route = compileRoute('sessions/{id}/messages');
    expect(route.match('/Sessions/abc/MESSAGES')).toEqual({ id: 'abc' });
    expect(route.match('/sessions/abc')).toBeUndefined();
    expect(route.match('/sessions/abc/messages/extra')).toBeUndefined();
  });

  it('handles optional parameters, defaults and catch-alls', () => {
    expect(compileRoute('a/{b?}').match('/a')).toEqual({});
    expect(compileRoute('a/{b?}').match('/a/x')).toEqual({ b: 'x' });
    expect(compileRoute('a/{b=7}').match('/a')).toEqual({ b: '7' });
    expect(compileRoute('files/{*path}').match('/files/x/y%20z')).toEqual({ path: 'x/y z' });
  });

  it('applies constraints', () => {
    const int = compileRoute('n/{id:int}');
    expect(int.match('/n/42')).toEqual({ id: '42' });
    expect(int.match('/n/-3')).toEqual({ id: '-3' });
    expect(int.match('/n/4.2')).toBeUndefined();
    expect(int.match('/n/99999999999')).toBeUndefined();
    expect(compileRoute('g/{id:guid}').match('/g/0f8fad5b-d9cb-469f-a165-70867728950e')).toBeDefined();
    expect(compileRoute('g/{id:guid}').match('/g/nope')).toBeUndefined();
    expect(compileRoute('a/{name:alpha}').match('/a/abc')).toBeDefined();
    expect(compileRoute('a/{name:alpha}').match('/a/ab1')).toBeUndefined();
    expect(compileRoute('r/{n:int:range(1,10)}').match('/r/11')).toBeUndefined();
    expect(compileRoute('r/{n:int:min(1)}').match('/r/1')).toEqual({ n: '1' });
    expect(compileRoute('c/{code:regex(^[a-z]{{2}}$)}').match('/c/ab')).toEqual({ code: 'ab' });
    expect(compileRoute('c/{code:regex(^[a-z]{{2}}$)}').match('/c/abc')).toBeUndefined();
    expect(compileRoute('s/{s:minlength(3)}').match('/s/ab')).toBeUndefined();
  });

  it('rejects malformed templates with a message naming the template', () => {
    expect(() => compileRoute('a/{id:nosuch}')).toThrow(/a\/\{id:nosuch\}.*unknown constraint/);
    expect(() => compileRoute('a/{b?}/c')).toThrow(/optional parameter/);
    expect(() => compileRoute('{*rest}/x')).toThrow(/catch-all/);
  });

  it('orders literals before constrained parameters before plain ones', () => {
    const routes = ['items/{id}', 'items/special', 'items/{id:int}', '{*all}'].map(compileRoute).sort(compareRoutes);
    expect(routes.map((r) => r.template)).toEqual(['items/special', 'items/{id:int}', 'items/{id}', '{*all}']);
  });
});
