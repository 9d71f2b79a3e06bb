import 'reflect-metadata';

import assert from 'node:assert/strict';

import { Container, inject, injectable } from 'inversify';

@injectable()
class Engine {
  public readonly power = 42;
}

@injectable()
class Car {
  public constructor(
    public readonly engine: Engine,
    @inject('name') public readonly name: string,
  ) {}
}

describe('inversify decorators on the chosen TypeScript', () => {
  it('injects by emitted design:paramtypes and by explicit @inject', () => {
    const container = new Container();
    container.bind(Engine).toSelf();
    container.bind(Car).toSelf();
    container.bind('name').toConstantValue('roadster');
    const car = container.get(Car);
    assert.equal(car.engine.power, 42);
    assert.equal(car.name, 'roadster');
  });
});
