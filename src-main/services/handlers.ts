import type { MethodName, ParsedParams, Result } from '../api/contract.js';
import type { Session } from './Session.js';

export type Handler<M extends MethodName> = (params: ParsedParams<M>, session: Session) => Result<M> | Promise<Result<M>>;
export type Handlers<K extends MethodName> = { [M in K]: Handler<M> };
