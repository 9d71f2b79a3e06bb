/** The seed's service: nothing in it knows about remoting. */
export class Service {
  public getData(param: string): string {
    return `You got remote data => ${param}`;
  }
}
